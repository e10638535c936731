package dev.duet.interfaces.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duet.testing.Awaits;
import dev.duet.testing.DuetServer;
import dev.duet.testing.RawSocket;
import dev.duet.testing.TestClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The limits of a server facing the open internet, on a server of its own with small limits:
 * origins at the handshake (seed 002's cases), connections per address and in all, message rate
 * limits with a healthy neighbour, stricter limits for matching and chat, rooms per user.
 */
class HardeningIT {
  private static DuetServer server;
  private static String origin;

  @BeforeAll
  static void start() {
    server =
        DuetServer.start(
            "hardening",
            Map.ofEntries(
                Map.entry("MAX_CONNECTIONS", "5"),
                Map.entry("MAX_CONNECTIONS_PER_IP", "3"),
                Map.entry("TRUSTED_PROXIES", "127.0.0.1"),
                Map.entry("RATE_LIMIT_PER_MINUTE", "60"),
                Map.entry("RATE_LIMIT_BURST", "10"),
                Map.entry("MATCH_RATE_PER_MINUTE", "6"),
                Map.entry("MATCH_RATE_BURST", "2"),
                Map.entry("CHAT_RATE_PER_MINUTE", "6"),
                Map.entry("CHAT_RATE_BURST", "3"),
                Map.entry("MAX_ROOMS_PER_USER", "2"),
                Map.entry("RESUME_GRACE", "0")));
    origin = "127.0.0.1:" + server.ws("").getPort();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @BeforeEach
  void nobodyConnected() {
    Awaits.until(
        Duration.ofSeconds(10),
        () -> server.stat("active_users") == 0,
        () -> "users left over: " + server.stats());
  }

  @Test
  void handshakeOriginsFollowSameOriginByDefault() throws Exception {
    String[] allowed = {
      null, "http://" + origin, "HTTP://127.0.0.1:" + server.ws("").getPort(),
    };
    for (String header : allowed) {
      accepted(origin, header);
    }
    accepted("127.0.0.1", "http://127.0.0.1:80");
    accepted("127.0.0.1", "http://127.0.0.1");
    String[] refused = {
      "https://evil.example",
      "null",
      "http://localhost:" + server.ws("").getPort(),
      "http://127.0.0.1:" + (server.ws("").getPort() + 1),
      "http://sub.127.0.0.1:" + server.ws("").getPort(),
      "http://" + origin + "/path",
      "ftp://" + origin,
      "not a url",
    };
    for (String header : refused) {
      RawSocket.Answer answer = handshake(origin, header);
      assertEquals(403, answer.status(), "Origin " + header);
      assertEquals("origin not allowed", answer.body().trim());
    }
    Awaits.until(
        Duration.ofSeconds(10),
        () -> server.log().contains("event=handshake_refused status=403"),
        () -> "a log line for each refused handshake");
    assertEquals(0, server.stat("active_users"), "a refused handshake creates nothing");
  }

  /**
   * Every request that could become a WebSocket passes the same checks, whatever its method, its
   * path's spelling or its {@code Upgrade} value: from a foreign origin none is upgraded, and
   * nothing is created.
   */
  @Test
  void everyUpgradeRequestPassesTheSameGate() throws Exception {
    List<String> upgrades =
        List.of(
            "Upgrade: foo", "Upgrade: WebSocket, foo", "Upgrade: websocket2", "Upgrade: websocket");
    for (String requestLine :
        List.of(
            "GET /ws HTTP/1.1",
            "POST /ws HTTP/1.1",
            "PUT /ws HTTP/1.1",
            "GET /ws;x HTTP/1.1",
            "GET /ws?room=r HTTP/1.1",
            "GET //ws HTTP/1.1",
            "GET /./ws HTTP/1.1")) {
      List<List<String>> variants = new ArrayList<>();
      upgrades.forEach(upgrade -> variants.add(List.of(upgrade, "Connection: Upgrade")));
      variants.add(List.of("Connection: Upgrade"));
      for (List<String> variant : variants) {
        List<String> headers = new ArrayList<>(variant);
        headers.addAll(
            List.of(
                "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==",
                "Sec-WebSocket-Version: 13",
                "Origin: https://evil.example"));
        RawSocket.Answer answer =
            RawSocket.request(server, requestLine, headers.toArray(String[]::new));
        assertNotEquals(101, answer.status(), requestLine + " " + variant);
      }
    }
    assertEquals(0, server.stat("active_users"), "nothing was created: " + server.stats());
  }

  /** The handshake is accepted; the connection, closed at once, is then awaited gone. */
  private static void accepted(String host, String originHeader) throws Exception {
    assertEquals(101, handshake(host, originHeader).status(), host + ", Origin " + originHeader);
    Awaits.until(
        Duration.ofSeconds(10),
        () -> server.stat("active_users") == 0,
        () -> "the accepted connection is gone: " + server.stats());
  }

  private static RawSocket.Answer handshake(String host, String originHeader) throws Exception {
    return originHeader == null
        ? RawSocket.handshake(server, host)
        : RawSocket.handshake(server, host, "Origin: " + originHeader);
  }

  @Test
  void connectionsAreLimitedPerAddressAndInAll() throws Exception {
    List<TestClient> clients = new ArrayList<>();
    try {
      for (int i = 0; i < 3; i++) {
        clients.add(TestClient.connect(server));
      }
      RawSocket.Answer fourth = RawSocket.handshake(server, origin);
      assertEquals(429, fourth.status());
      assertEquals("too many connections from your address", fourth.body().trim());
      RawSocket.Answer spoofed =
          RawSocket.handshake(server, origin, "X-Forwarded-For: 198.51.100.7, 127.0.0.1");
      assertEquals(101, spoofed.status(), "a trusted proxy's client is counted on its own");
      Awaits.until(
          Duration.ofSeconds(10),
          () -> server.stat("active_users") == 3,
          () -> "the closed connection is gone: " + server.stats());
      clients.add(TestClient.connect(server, Map.of("X-Forwarded-For", "198.51.100.7")));
      clients.add(TestClient.connect(server, Map.of("X-Forwarded-For", "2001:db8::7")));
      RawSocket.Answer full = RawSocket.handshake(server, origin, "X-Forwarded-For: 198.51.100.9");
      assertEquals(503, full.status());
      assertEquals("server is full", full.body().trim());
      assertEquals(5, server.stat("active_users"));
    } finally {
      clients.forEach(TestClient::close);
    }
  }

  @Test
  void aFloodIsLimitedThenClosedWhileTheNeighbourIsServed() {
    try (TestClient flooder = TestClient.connect(server);
        TestClient neighbour = TestClient.connect(server)) {
      for (int i = 0; i < 30; i++) {
        flooder.send(new ClientMessage.Ping("p" + i));
      }
      int pongs = 0;
      int limited = 0;
      for (int i = 0; i < 30; i++) {
        ServerMessage reply = Json.JSONB.fromJson(flooder.nextRaw(), ServerMessage.class);
        if (reply instanceof ServerMessage.Pong) {
          pongs++;
        } else {
          assertEquals(
              "rate_limited", assertInstanceOf(ServerMessage.Error.class, reply).payload().code());
          limited++;
        }
      }
      assertTrue(pongs >= 10 && pongs <= 12, pongs + " pongs within the burst of 10");
      assertEquals(30 - pongs, limited);
      neighbour.send(new ClientMessage.Ping("n"));
      assertEquals("n", neighbour.expect(ServerMessage.Pong.class).messageId());
      try {
        for (int i = 0; i < 200 && flooder.isOpen(); i++) {
          flooder.send(new ClientMessage.Ping("f" + i));
        }
      } catch (RuntimeException closedMeanwhile) {
        // the server closed the connection while we were still sending
      }
      assertEquals(4429, flooder.awaitClose().getCloseCode().getCode());
      neighbour.send(new ClientMessage.Ping("still"));
      assertEquals("still", neighbour.expect(ServerMessage.Pong.class).messageId());
    }
  }

  @Test
  void matchingAndChatHaveStricterLimits() {
    try (TestClient a = TestClient.connect(server);
        TestClient b = TestClient.connect(server)) {
      a.send(new ClientMessage.UserUnavailable(null));
      for (int i = 0; i < 3; i++) {
        a.send(new ClientMessage.RequestRandomPeer(null, "r" + i));
      }
      assertEquals("r2", firstError(a, "rate_limited").messageId());
      a.send(new ClientMessage.UserUnavailable(null));
      a.send(new ClientMessage.JoinRoom("limits", null, null));
      b.send(new ClientMessage.JoinRoom("limits", null, null));
      b.expectAfter(ServerMessage.Waiting.class, ServerMessage.RoomJoined.class);
      for (int i = 0; i < 4; i++) {
        b.send(
            new ClientMessage.ChatMessage(
                "limits", null, new ClientMessage.ChatPayload("hi " + i), "c" + i));
      }
      assertEquals("c3", firstError(b, "rate_limited").messageId());
    }
  }

  private static ServerMessage.Error firstError(TestClient client, String code) {
    while (true) {
      if (Json.JSONB.fromJson(client.nextRaw(), ServerMessage.class)
          instanceof ServerMessage.Error error) {
        assertEquals(code, error.payload().code());
        return error;
      }
    }
  }

  @Test
  void roomsPerUserAreLimited() {
    try (TestClient a = TestClient.connect(server)) {
      a.send(new ClientMessage.JoinRoom("mine-1", null, null));
      a.expect(ServerMessage.RoomJoined.class);
      a.send(new ClientMessage.JoinRoom("mine-2", null, null));
      a.expect(ServerMessage.RoomJoined.class);
      a.send(new ClientMessage.JoinRoom("mine-3", null, "third"));
      assertEquals("third", a.expectError("too_many_rooms").messageId());
      a.send(new ClientMessage.JoinRoom("mine-2", null, "again"));
      a.expect(ServerMessage.RoomJoined.class);
    }
  }
}
