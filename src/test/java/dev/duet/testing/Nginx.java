package dev.duet.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A real nginx (Debian's) in front of a {@link DuetServer}, running the repository's {@code
 * server-config/nginx/duet.conf} on a free loopback port: plain HTTP (its redirect server and
 * {@code ssl_} lines dropped, the TLS {@code listen} and the upstream port replaced), with every
 * file it writes under {@code target/it/}. Without nginx the tests are skipped loudly, and fail
 * under {@code CI=true}.
 */
public final class Nginx implements AutoCloseable {
  private static final Path NGINX = Path.of("/usr/sbin/nginx");
  private static final Path OPENSSL = Path.of("/usr/bin/openssl");
  private static final String SHIPPED_ACCESS_LOG = "/var/log/nginx/duet-access.log";
  private final Process process;
  private final int port;
  private final Path dir;

  private Nginx(Process process, int port, Path dir) {
    this.process = process;
    this.port = port;
    this.dir = dir;
  }

  /** What nginx wrote to the shipped configuration's access log so far. */
  public String accessLog() {
    try {
      return Files.readString(dir.resolve("access.log"));
    } catch (IOException e) {
      return "(no access log: " + e + ")";
    }
  }

  /** The shipped configuration, as an operator installs it. */
  public static String template() {
    try {
      return Files.readString(
          Path.of(System.getProperty("duet.server.config", "server-config"), "nginx/duet.conf"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static void requireNginx() {
    Tools.require(NGINX, "nginx-light", "the reverse proxy tests");
    Tools.require(OPENSSL, "openssl", "the reverse proxy tests");
  }

  private static Path workdir(String name) throws IOException {
    Path dir = Path.of(System.getProperty("duet.it.workdir", "target/it"), name).toAbsolutePath();
    Files.createDirectories(dir.resolve("temp"));
    return dir;
  }

  /** A complete nginx.conf around a site configuration, writing nothing outside {@code dir}. */
  private static String main(Path dir, String site) {
    return String.join(
        "\n",
        "worker_processes 1;",
        "pid " + dir.resolve("nginx.pid") + ";",
        "error_log " + dir.resolve("error.log") + " info;",
        "events { worker_connections 512; }",
        "http {",
        "  access_log " + dir.resolve("access.log") + ";",
        "  client_body_temp_path " + dir.resolve("temp/body") + ";",
        "  proxy_temp_path " + dir.resolve("temp/proxy") + ";",
        "  fastcgi_temp_path " + dir.resolve("temp/fastcgi") + ";",
        "  uwsgi_temp_path " + dir.resolve("temp/uwsgi") + ";",
        "  scgi_temp_path " + dir.resolve("temp/scgi") + ";",
        site,
        "}",
        "");
  }

  /**
   * Runs {@code nginx -t} on the shipped configuration unchanged but for its certificate, a
   * self-signed one made with openssl; returns nginx's report, and fails if nginx refuses it.
   */
  public static String testTls() {
    requireNginx();
    try {
      Path dir = workdir("nginx-tls");
      Path cert = dir.resolve("cert.pem");
      Path key = dir.resolve("key.pem");
      run(
          dir,
          List.of(
              OPENSSL.toString(),
              "req",
              "-x509",
              "-newkey",
              "rsa:2048",
              "-nodes",
              "-days",
              "1",
              "-subj",
              "/CN=duet.example.org",
              "-keyout",
              key.toString(),
              "-out",
              cert.toString()));
      String site =
          template()
              .replace(SHIPPED_ACCESS_LOG, dir.resolve("access.log").toString())
              .replace("/etc/letsencrypt/live/duet.example.org/fullchain.pem", cert.toString())
              .replace("/etc/letsencrypt/live/duet.example.org/privkey.pem", key.toString());
      Path conf = dir.resolve("nginx.conf");
      Files.writeString(conf, main(dir, site));
      return run(
          dir,
          List.of(
              NGINX.toString(),
              "-t",
              "-p",
              dir + "/",
              "-e",
              dir.resolve("error.log").toString(),
              "-c",
              conf.toString()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Starts nginx with the shipped configuration in front of {@code duet}. */
  public static Nginx start(DuetServer duet) {
    return start("nginx-" + duet.runtime(), List.of(duet));
  }

  /**
   * Starts nginx named {@code name} with the shipped configuration in front of a cluster: its
   * upstream lists every instance.
   */
  public static Nginx start(String name, List<DuetServer> instances) {
    requireNginx();
    try {
      Path dir = workdir(name);
      int port = freePort();
      String site =
          template()
              .replace(SHIPPED_ACCESS_LOG, dir.resolve("access.log").toString())
              .replaceAll("(?s)# redirect-begin.*# redirect-end", "")
              .replaceAll("(?m)^\\s*ssl_.*$", "")
              .replaceAll("(?m)^\\s*listen \\[::]:443.*$", "")
              .replace("listen 443 ssl http2;", "listen 127.0.0.1:" + port + ";")
              .replaceAll(
                  "server 127.0.0.1:8080 (.*);",
                  instances.stream()
                      .map(duet -> "server 127.0.0.1:" + duet.http("/").getPort() + " $1;")
                      .collect(Collectors.joining("\n    ")));
      Path conf = dir.resolve("nginx.conf");
      Files.writeString(conf, main(dir, site));
      Process process =
          Tools.launch(
              new ProcessBuilder(
                  NGINX.toString(),
                  "-p",
                  dir + "/",
                  "-e",
                  dir.resolve("error.log").toString(),
                  "-c",
                  conf.toString(),
                  "-g",
                  "daemon off;"),
              dir.resolve("console.log"),
              dir.resolve("error.log"),
              () -> listening(port));
      return new Nginx(process, port, dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public URI http(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  public URI ws() {
    return URI.create("ws://127.0.0.1:" + port + "/ws");
  }

  /** {@code /ws?query} through nginx. */
  public URI ws(String query) {
    return URI.create("ws://127.0.0.1:" + port + "/ws?" + query);
  }

  private static String run(Path dir, List<String> command) throws IOException {
    Process process =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new AssertionError(String.join(" ", command) + " failed:\n" + output);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    return output;
  }

  private static boolean listening(int port) {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  @Override
  public void close() {
    Tools.stop(process);
  }
}
