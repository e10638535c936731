package dev.duet.interfaces.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duet.interfaces.websocket.ClientMessage;
import dev.duet.interfaces.websocket.ServerMessage;
import dev.duet.testing.Awaits;
import dev.duet.testing.DuetServer;
import dev.duet.testing.Nginx;
import dev.duet.testing.RawSocket;
import dev.duet.testing.Signal;
import dev.duet.testing.TestClient;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Duet behind a real nginx running {@code server-config/nginx/duet.conf}: the WebSocket upgrade,
 * the page's same-origin check through the proxy, the client address from {@code X-Forwarded-For},
 * and the TLS configuration accepted by {@code nginx -t}.
 */
class NginxIT {
  private static DuetServer duet;
  private static Nginx nginx;

  @BeforeAll
  static void start() {
    Nginx.requireNginx();
    duet =
        DuetServer.start(
            "behind-nginx", Map.of("TRUSTED_PROXIES", "127.0.0.1", "MAX_CONNECTIONS_PER_IP", "1"));
    nginx = Nginx.start(duet);
  }

  @AfterAll
  static void stop() {
    if (nginx != null) {
      nginx.close();
    }
    if (duet != null) {
      duet.close();
    }
  }

  private static TestClient connect(String forwardedFor) {
    TestClient client = open("", forwardedFor);
    client.expect(ServerMessage.Session.class);
    return client;
  }

  /** A client of {@code /ws?query} through nginx from {@code forwardedFor}; nothing read yet. */
  private static TestClient open(String query, String forwardedFor) {
    return TestClient.open(
        query.isEmpty() ? nginx.ws() : nginx.ws(query),
        Map.of(
            "Origin", "http://" + nginx.http("/").getAuthority(), "X-Forwarded-For", forwardedFor));
  }

  @Test
  void aRoomCallsSignalingGoesThroughTheProxy() throws IOException {
    try (TestClient a = connect("198.51.100.1");
        TestClient b = connect("198.51.100.2")) {
      a.send(new ClientMessage.JoinRoom("via-nginx", null, null));
      a.expect(ServerMessage.RoomJoined.class);
      b.send(new ClientMessage.JoinRoom("via-nginx", null, null));
      ServerMessage.RoomJoined joined = b.expect(ServerMessage.RoomJoined.class);
      String aId = joined.payload().members().get(0);
      b.expect(ServerMessage.AssignRole.class);
      b.send(new Signal.Offer(aId, JsonValue.EMPTY_JSON_OBJECT, "through"));
      a.expect(ServerMessage.PeerJoined.class);
      a.expect(ServerMessage.AssignRole.class);
      assertEquals("through", a.expect(ServerMessage.Offer.class).messageId());
      HttpResponse<String> stats = DuetServer.get(nginx.http("/stats"));
      assertEquals(200, stats.statusCode());
      assertTrue(stats.body().contains("\"active_rooms\":1"), stats.body());
      assertEquals(200, DuetServer.get(nginx.http("/metrics")).statusCode(), "from loopback");
      assertEquals(200, DuetServer.get(nginx.http("/")).statusCode());
    }
  }

  @Test
  void duetSeesEachClientsOwnAddress() throws IOException {
    try (TestClient first = connect("203.0.113.5");
        TestClient other = connect("203.0.113.6")) {
      String host = nginx.http("/").getAuthority();
      RawSocket.Answer again =
          RawSocket.handshake(
              nginx.ws(), host, "Origin: http://" + host, "X-Forwarded-For: 203.0.113.5");
      assertEquals(429, again.status(), "one connection per address: " + again.body());
      assertTrue(first.isOpen() && other.isOpen());
    }
  }

  @Test
  void theShippedTlsConfigurationIsValidAndOutwaitsTheHeartbeat() {
    String report = Nginx.testTls();
    assertTrue(report.contains("test is successful"), report);
    Matcher timeout = Pattern.compile("proxy_read_timeout (\\d+)s;").matcher(Nginx.template());
    assertTrue(timeout.find(), "proxy_read_timeout is set");
    assertTrue(
        Integer.parseInt(timeout.group(1)) > 2 * 15,
        "proxy_read_timeout above twice the default HEARTBEAT_INTERVAL of 15 s");
  }

  /**
   * A resume's {@code ?token=} is a credential: the shipped configuration's access log has the
   * handshakes, without their query strings.
   */
  @Test
  void theAccessLogHoldsNoToken() {
    ServerMessage.SessionPayload first;
    try (TestClient client = open("", "198.51.100.7")) {
      first = client.expect(ServerMessage.Session.class).payload();
    }
    String token = first.token();
    try (TestClient again = open("token=" + token, "198.51.100.8")) {
      assertEquals(
          first.userId(),
          again.expect(ServerMessage.Session.class).payload().userId(),
          "the token went through nginx");
    }
    Awaits.until(
        Duration.ofSeconds(10),
        () -> nginx.accessLog().lines().filter(line -> line.contains("GET /ws ")).count() >= 2,
        () -> "handshakes not logged: " + nginx.accessLog());
    String log = nginx.accessLog();
    assertFalse(log.contains(token.substring(0, 40)), log);
    assertFalse(log.contains("token="), log);
  }

  /**
   * {@code /metrics} answers only loopback (127.0.0.1) through the shipped configuration, however
   * the path is spelt: a client from 127.0.0.2 is refused every variant the servers would read as
   * {@code /metrics}.
   */
  @Test
  void metricsStayPrivateWhateverThePathsSpelling() throws IOException {
    for (String path :
        List.of(
            "/metrics",
            "/metrics;",
            "/metrics;x",
            "/metrics;jsessionid=1",
            "/metrics/",
            "/metrics%3Bx",
            "/%6Detrics",
            "//metrics",
            "/./metrics",
            "/stats/../metrics",
            "/metrics?name=duet_connections")) {
      assertEquals(403, status(path, "127.0.0.2"), path + " from 127.0.0.2");
    }
    assertEquals(200, status("/metrics", "127.0.0.1"), "from 127.0.0.1");
  }

  /** The status of a GET of {@code rawPath} (sent as it is) through nginx, from {@code source}. */
  private static int status(String rawPath, String source) throws IOException {
    try (Socket socket = new Socket()) {
      socket.setSoTimeout(10_000);
      socket.bind(new InetSocketAddress(source, 0));
      socket.connect(new InetSocketAddress("127.0.0.1", nginx.http("/").getPort()), 5_000);
      socket
          .getOutputStream()
          .write(
              ("GET "
                      + rawPath
                      + " HTTP/1.1\r\nHost: "
                      + nginx.http("/").getAuthority()
                      + "\r\nConnection: close\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
      String statusLine =
          new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
      return Integer.parseInt(statusLine.substring(9, 12));
    }
  }
}
