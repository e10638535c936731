package dev.duet.interfaces.http;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duet.testing.DuetServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * WildFly's HTTP listener as {@code run.sh} sets it up ({@code HTTP_REQUEST_PARSE_TIMEOUT_MS},
 * {@code HTTP_MAX_CONNECTIONS}); Payara Micro's Grizzly has listener settings of its own, so the
 * pom runs this class in the WildFly execution only.
 */
class WildFlyListenerIT {
  private final DuetServer server = DuetServer.shared();

  /** Slowloris: a request whose headers never end is closed after the parse timeout (10 s). */
  @Test
  void aRequestWhoseHeadersNeverEndIsClosed() throws IOException {
    try (Socket socket = new Socket()) {
      socket.setSoTimeout(30_000);
      socket.connect(new InetSocketAddress("127.0.0.1", server.http("/").getPort()), 5_000);
      Instant sent = Instant.now();
      socket
          .getOutputStream()
          .write("GET /stats HTTP/1.1\r\nHost: x\r\nX-Slow: 1".getBytes(StandardCharsets.US_ASCII));
      long seconds = secondsUntilClosed(socket.getInputStream(), sent);
      assertTrue(seconds >= 8 && seconds <= 20, "closed after " + seconds + " s");
    }
  }

  @Test
  void theListenerCapsItsConnections() throws Exception {
    String answer =
        server.cli(
            "/subsystem=undertow/server=default-server/http-listener=default"
                + ":read-attribute(name=max-connections)");
    assertTrue(answer.contains("\"result\" => 12000"), answer);
  }

  private static long secondsUntilClosed(InputStream in, Instant since) throws IOException {
    try {
      int read = in.read();
      assertTrue(read < 0, "the server answered an unfinished request: " + (char) read);
    } catch (SocketException reset) {
      // closed by a reset: as good
    }
    return Duration.between(since, Instant.now()).toSeconds();
  }
}
