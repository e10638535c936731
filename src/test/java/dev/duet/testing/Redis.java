package dev.duet.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A real Redis (Debian's {@code redis-server}) on a free loopback port, with the repository's
 * {@code server-config/redis/redis.conf} but for its port, address and directory, everything under
 * {@code target/it/}. It can be stopped and started again on the same port, as an operator's
 * restart. Without redis-server the tests are skipped loudly, and fail under {@code CI=true}.
 */
public final class Redis implements AutoCloseable {
  private static final Path REDIS = Path.of("/usr/bin/redis-server");
  private final Path dir;
  private final int port;
  private Process process;

  private Redis(Path dir, int port) {
    this.dir = dir;
    this.port = port;
  }

  public static void requireRedis() {
    Tools.require(REDIS, "redis-server", "the Redis and cluster tests");
  }

  /** Starts a Redis of its own named {@code name}. */
  public static Redis start(String name) {
    requireRedis();
    try {
      Path dir =
          Path.of(System.getProperty("duet.it.workdir", "target/it"), "redis-" + name)
              .toAbsolutePath();
      Files.createDirectories(dir);
      int port;
      try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        port = socket.getLocalPort();
      }
      String conf =
          Files.readString(
                  Path.of(
                      System.getProperty("duet.server.config", "server-config"),
                      "redis/redis.conf"))
              .replaceAll("(?m)^bind .*$", "bind 127.0.0.1")
              .replaceAll("(?m)^port .*$", "port " + port)
              .replaceAll("(?m)^save .*$", "save \"\"")
              .replaceAll("(?m)^dir .*$", "dir " + dir);
      Files.writeString(dir.resolve("redis.conf"), conf);
      Redis redis = new Redis(dir, port);
      redis.startAgain();
      return redis;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Starts Redis again after {@link #stop}, on the same port, with nothing kept. */
  public void startAgain() {
    if (process != null) {
      throw new IllegalStateException("Redis is running");
    }
    try {
      process =
          Tools.launch(
              new ProcessBuilder(List.of(REDIS.toString(), dir.resolve("redis.conf").toString())),
              dir.resolve("console.log"),
              dir.resolve("console.log"),
              this::answers);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Stops Redis (SIGTERM); clients see their connections close. */
  public void stop() {
    if (process != null) {
      Tools.stop(process);
      process = null;
    }
  }

  private boolean answers() {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      socket.getOutputStream().write("PING\r\n".getBytes());
      byte[] reply = new byte[7];
      return socket.getInputStream().read(reply) > 0 && new String(reply).startsWith("+PONG");
    } catch (IOException e) {
      return false;
    }
  }

  /** The URL Duet's {@code REDIS_URL} takes. */
  public String url() {
    return "redis://127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  /** The process id of the running Redis. */
  public long pid() {
    return process.pid();
  }

  @Override
  public void close() {
    stop();
  }
}
