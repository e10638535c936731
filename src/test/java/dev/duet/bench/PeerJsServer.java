package dev.duet.bench;

import dev.duet.testing.Awaits;
import dev.duet.testing.Ports;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * PeerJS server 1.0.2 (npm {@code peer}, the server a team would run instead of Duet) started by
 * {@code src/test/node/peerjs-server.mjs} on a free loopback port, pinned to the server's CPUs.
 */
final class PeerJsServer implements AutoCloseable {
  static final Path FOLDER = Path.of("src/test/node");
  private static final Duration START = Duration.ofSeconds(30);
  private static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private final Process process;
  private final int port;

  private PeerJsServer(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  static PeerJsServer start(String cpus) {
    if (!Files.isDirectory(FOLDER.resolve("node_modules/peer"))) {
      throw new IllegalStateException(
          "PeerJS server is missing: run `npm ci --prefix src/test/node`");
    }
    int port = Ports.freePort();
    Path log = Path.of("target/bench/peerjs.log").toAbsolutePath();
    try {
      Files.createDirectories(log.getParent());
      Process process =
          new ProcessBuilder(
                  List.of(
                      "taskset", "-c", cpus, "node", "peerjs-server.mjs", Integer.toString(port)))
              .directory(FOLDER.toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      PeerJsServer server = new PeerJsServer(process, port);
      try {
        Awaits.until(START, server::answers, () -> "PeerJS server did not answer; see " + log);
      } catch (AssertionError e) {
        server.close();
        throw e;
      }
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private boolean answers() {
    if (!process.isAlive()) {
      throw new IllegalStateException("PeerJS server exited with " + process.exitValue());
    }
    try {
      HttpRequest request =
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).build();
      return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** The WebSocket URI of a PeerJS client with this id (the token is fixed: ids are unique). */
  URI ws(String id) {
    return URI.create("ws://127.0.0.1:" + port + "/peerjs?key=peerjs&token=bench&id=" + id);
  }

  long pid() {
    return process.pid();
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
