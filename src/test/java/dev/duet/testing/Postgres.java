package dev.duet.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real PostgreSQL (Debian's {@code postgresql-15}) in a fresh data directory on a free loopback
 * port, with password authentication for the user {@code duet} and a database {@code duet}, stopped
 * and deleted afterwards. PostgreSQL refuses to run as root: under root the server runs as the
 * {@code postgres} user ({@code runuser}) in a directory of its own under {@code /tmp}. Without
 * PostgreSQL the tests are skipped loudly, and fail under {@code CI=true}.
 */
public final class Postgres implements AutoCloseable {
  private static final Path BIN = Path.of("/usr/lib/postgresql/15/bin");
  private static final String USER = "duet";
  private static final String PASSWORD = "duet-test-password";
  private static final boolean ROOT = "root".equals(System.getProperty("user.name"));
  private final Path dir;
  private final int port;
  private Process process;

  private Postgres(Path dir, int port) {
    this.dir = dir;
    this.port = port;
  }

  public static void requirePostgres() {
    Tools.require(BIN.resolve("postgres"), "postgresql", "the PostgreSQL and cluster tests");
  }

  /** Starts a PostgreSQL of its own named {@code name}, with the database {@code duet}. */
  public static Postgres start(String name) {
    requirePostgres();
    try {
      Path dir = Files.createTempDirectory("duet-postgres-" + name + "-");
      int port;
      try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        port = socket.getLocalPort();
      }
      Files.writeString(dir.resolve("password"), PASSWORD + "\n");
      if (ROOT) {
        run(List.of("chown", "-R", "postgres:postgres", dir.toString()));
      }
      Path data = dir.resolve("data");
      run(
          asServer(
              BIN.resolve("initdb").toString(),
              "-D",
              data.toString(),
              "-U",
              USER,
              "--pwfile=" + dir.resolve("password"),
              "--auth=scram-sha-256",
              "-E",
              "UTF8",
              "--no-sync"));
      Postgres postgres = new Postgres(dir, port);
      postgres.process =
          Tools.launch(
              new ProcessBuilder(
                  asServer(
                      BIN.resolve("postgres").toString(),
                      "-D",
                      data.toString(),
                      "-p",
                      Integer.toString(port),
                      "-k",
                      dir.toString(),
                      "-c",
                      "listen_addresses=127.0.0.1",
                      "-c",
                      "fsync=off",
                      "-c",
                      "max_connections=200")),
              dir.resolve("console.log"),
              dir.resolve("console.log"),
              postgres::answers);
      try (Connection connection =
          DriverManager.getConnection(postgres.url("postgres"), USER, PASSWORD)) {
        connection.createStatement().execute("CREATE DATABASE duet");
      }
      return postgres;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (SQLException e) {
      throw new IllegalStateException("PostgreSQL did not take the database: " + e, e);
    }
  }

  private static List<String> asServer(String... command) {
    List<String> line = new ArrayList<>();
    if (ROOT) {
      line.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    line.addAll(List.of(command));
    return line;
  }

  private static void run(List<String> command) throws IOException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    try {
      String output = new String(process.getInputStream().readAllBytes());
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private boolean answers() {
    try (Connection connection = DriverManager.getConnection(url("postgres"), USER, PASSWORD)) {
      return connection.isValid(1);
    } catch (SQLException e) {
      return false;
    }
  }

  private String url(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
  }

  /** The settings that point Duet at this database: {@code DB_URL}, {@code DB_USER}, ... */
  public Map<String, String> settings() {
    return Map.of("DB_URL", url("duet"), "DB_USER", USER, "DB_PASSWORD", PASSWORD);
  }

  /** The rows of a query on the database {@code duet}, each as column name to value. */
  public List<Map<String, Object>> query(String sql, Object... parameters) {
    try (Connection connection = DriverManager.getConnection(url("duet"), USER, PASSWORD)) {
      return Database.query(connection, sql, parameters);
    } catch (SQLException e) {
      throw new IllegalStateException(sql + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    if (process != null) {
      long server = postmasterPid();
      ProcessHandle.of(server).ifPresent(ProcessHandle::destroy);
      Tools.stop(process);
      process = null;
    }
    try {
      run(List.of("rm", "-rf", dir.toString()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private long postmasterPid() {
    try {
      return Long.parseLong(Files.readAllLines(dir.resolve("data/postmaster.pid")).get(0).trim());
    } catch (IOException | RuntimeException e) {
      return process.pid();
    }
  }
}
