package dev.duet.interfaces.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duet.interfaces.websocket.ClientMessage;
import dev.duet.interfaces.websocket.ServerMessage;
import dev.duet.testing.DuetServer;
import dev.duet.testing.Nginx;
import dev.duet.testing.RawSocket;
import dev.duet.testing.Signal;
import dev.duet.testing.TestClient;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.net.http.HttpResponse;
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
    TestClient client =
        TestClient.open(
            nginx.ws(),
            Map.of(
                "Origin",
                "http://" + nginx.http("/").getAuthority(),
                "X-Forwarded-For",
                forwardedFor));
    client.expect(ServerMessage.Session.class);
    return client;
  }

  @Test
  void aRoomCallsSignalingGoesThroughTheProxy() throws IOException {
    try (TestClient a = connect("198.51.100.1");
        TestClient b = connect("198.51.100.2")) {
      a.send(new ClientMessage.JoinRoom("via-nginx", null));
      a.expect(ServerMessage.RoomJoined.class);
      b.send(new ClientMessage.JoinRoom("via-nginx", null));
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
}
