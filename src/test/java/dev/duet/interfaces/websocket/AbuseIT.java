package dev.duet.interfaces.websocket;

import static dev.duet.interfaces.websocket.Attacks.BURST;
import static dev.duet.interfaces.websocket.Attacks.PER_IP;
import static dev.duet.interfaces.websocket.Attacks.address;
import static dev.duet.interfaces.websocket.Attacks.bystanderIsServed;
import static dev.duet.interfaces.websocket.Attacks.connect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duet.testing.Awaits;
import dev.duet.testing.DuetServer;
import dev.duet.testing.RawSocket;
import dev.duet.testing.TestClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Attacks on a server with the production limits ({@link Attacks}), each from client addresses of
 * its own (named by a trusted proxy's {@code X-Forwarded-For}, as behind nginx), each with a
 * bystanders' room call beside it and a newcomer from another address served at once afterwards:
 * connecting again refills no rate limit, a resumed session finds its buckets as it left them, a
 * refused frame is never read, sustained refusals of frames near the size limit close the
 * connection within seconds, an IPv6 /64 is one address, room names cannot be scanned quickly, and
 * a blocked user coming back as someone new from the same network is kept from the blocker.
 */
class AbuseIT {
  private static final int ADDRESS_BURST = 600;
  private static final int ADDRESS_PER_SECOND = 20;
  private static final int CONNECT_BURST = 30;
  private static final int ROOM_BURST = 5;

  @RegisterExtension final Attacks.Beside bystanders = new Attacks.Beside();

  private final DuetServer server = Attacks.server();
  private final String host = "127.0.0.1:" + server.ws("").getPort();

  @Test
  void connectingAgainAsSomeoneNewRefillsNothing() {
    String attacker = address();
    int pongs = 0;
    int limited = 0;
    long start = System.nanoTime();
    for (int round = 0; round < 20; round++) {
      try (TestClient client = connect(attacker, "")) {
        for (int i = 0; i < BURST; i++) {
          client.send(new ClientMessage.Ping("c" + i));
        }
        for (int i = 0; i < BURST; i++) {
          ServerMessage reply = Json.JSONB.fromJson(client.nextRaw(), ServerMessage.class);
          if (reply instanceof ServerMessage.Pong) {
            pongs++;
          } else {
            assertEquals(
                "rate_limited",
                assertInstanceOf(ServerMessage.Error.class, reply).payload().code());
            limited++;
          }
        }
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    double allowed = ADDRESS_BURST + ADDRESS_PER_SECOND * seconds + 1;
    System.out.printf(
        "AbuseIT churn: %d pongs, %d rate_limited in %.1f s (address allows %.0f)%n",
        pongs, limited, seconds, allowed);
    assertTrue(pongs <= allowed, pongs + " pongs in " + seconds + " s; at most " + allowed);
    assertTrue(limited > 0, "20 sessions' bursts from one address are not all served");
    bystanderIsServed();
  }

  @Test
  void aResumedSessionFindsItsBucketsAsItLeftThem() {
    String address = address();
    TestClient first = connect(address, "");
    for (int i = 0; i < BURST + 5; i++) {
      first.send(new ClientMessage.Ping("f" + i));
    }
    first.expectAfter(ServerMessage.Pong.class, ServerMessage.Error.class);
    long start = System.nanoTime();
    try (TestClient again = connect(address, "token=" + first.token())) {
      assertEquals(4409, first.awaitClose().getCloseCode().getCode(), "taken over");
      for (int i = 0; i < 10; i++) {
        again.send(new ClientMessage.Ping("a" + i));
      }
      int pongs = 0;
      for (int i = 0; i < 10; i++) {
        if (Json.JSONB.fromJson(again.nextRaw(), ServerMessage.class)
            instanceof ServerMessage.Pong) {
          pongs++;
        }
      }
      double refilled = 2 * (System.nanoTime() - start) / 1e9 + 1;
      assertTrue(
          pongs <= refilled && pongs < 10,
          pongs + " of 10 served after the resume; the bucket refilled " + refilled);
    } finally {
      first.close();
    }
    bystanderIsServed();
  }

  @Test
  void aRefusedFrameIsNeitherReadNorPutTogether() {
    try (TestClient client = connect(address(), "")) {
      for (int i = 0; i < BURST + 2; i++) {
        client.send(new ClientMessage.Ping("p" + i));
      }
      client.sendRaw("{\"type\":\"ping\",\"messageId\":\"x1\", this is no JSON");
      client.sendRaw("{\"messageId\":\"x2\",\"pad\":\"" + "y".repeat(60_000) + "\", [[[");
      ServerMessage.Error first =
          client.expectAfter(ServerMessage.Pong.class, ServerMessage.Error.class);
      assertEquals("rate_limited", first.payload().code());
      List<String> named = new ArrayList<>();
      named.add(first.messageId());
      while (!named.contains("x2")) {
        ServerMessage.Error error = client.expect(ServerMessage.Error.class);
        assertEquals("rate_limited", error.payload().code(), "refused before it was parsed");
        named.add(error.messageId());
      }
      assertTrue(named.contains("x1"), "the id is seen without parsing: " + named);
      Awaits.until(
          Duration.ofSeconds(5),
          () -> {
            client.send(new ClientMessage.Ping("later"));
            return Json.JSONB.fromJson(client.nextRaw(), ServerMessage.class)
                instanceof ServerMessage.Pong;
          },
          () -> "served again once the bucket refills");
    }
    bystanderIsServed();
  }

  @Test
  void refusedFramesNearTheSizeLimitCloseTheConnectionWithinSeconds() throws Exception {
    String big = "{\"type\":\"ping\",\"messageId\":\"b\",\"pad\":\"" + "z".repeat(60_000) + "\"}";
    try (TestClient client = connect(address(), "")) {
      for (int i = 0; i < BURST; i++) {
        client.send(new ClientMessage.Ping("p" + i));
      }
      long start = System.nanoTime();
      try {
        for (int i = 0; i < 18 * 15 && client.isOpen(); i++) {
          client.sendRaw(big);
          Thread.sleep(1000 / 18);
        }
      } catch (RuntimeException closedMeanwhile) {
        // the server closed the connection while frames were still going out
      }
      assertEquals(4429, client.awaitClose().getCloseCode().getCode());
      double seconds = (System.nanoTime() - start) / 1e9;
      System.out.printf("AbuseIT: 18 refused 60 KB frames a second closed in %.1f s%n", seconds);
      assertTrue(seconds < 8, "closed after " + seconds + " s");
    }
    bystanderIsServed();
  }

  @Test
  void connectChurnIsLimitedPerAddress() throws Exception {
    String address = address();
    int accepted = 0;
    RawSocket.Answer refused = null;
    for (int i = 0; i < CONNECT_BURST + 10 && refused == null; i++) {
      RawSocket.Answer answer = RawSocket.handshake(server, host, "X-Forwarded-For: " + address);
      if (answer.status() == 101) {
        accepted++;
      } else {
        refused = answer;
      }
    }
    assertTrue(refused != null, accepted + " handshakes in a row accepted");
    assertEquals(429, refused.status());
    assertEquals("too many connection attempts from your address", refused.body().trim());
    assertTrue(accepted >= CONNECT_BURST && accepted <= CONNECT_BURST + 3, accepted + " accepted");
    bystanderIsServed();
  }

  @Test
  void anIpv6Slash64IsOneAddress() throws Exception {
    String network = "2001:db8:" + Attacks.fresh() + ":6:";
    List<TestClient> clients = new ArrayList<>();
    try {
      for (int i = 1; i <= PER_IP; i++) {
        clients.add(connect(network + ":" + Integer.toHexString(i), ""));
      }
      RawSocket.Answer sameNetwork =
          RawSocket.handshake(server, host, "X-Forwarded-For: " + network + "ffff:1:2:3");
      assertEquals(429, sameNetwork.status());
      assertEquals("too many connections from your address", sameNetwork.body().trim());
      String neighbour = "2001:db8:" + Attacks.fresh() + ":7::1";
      assertEquals(
          101, RawSocket.handshake(server, host, "X-Forwarded-For: " + neighbour).status());
    } finally {
      clients.forEach(TestClient::close);
    }
    bystanderIsServed();
  }

  @Test
  void roomNamesCannotBeScannedQuickly() {
    try (TestClient scanner = connect(address(), "")) {
      String prefix = "scan-" + System.nanoTime() + "-";
      for (int i = 0; i < ROOM_BURST; i++) {
        scanner.send(new ClientMessage.JoinRoom(prefix + i, null, "j" + i));
        scanner.expect(ServerMessage.RoomJoined.class);
        scanner.send(new ClientMessage.LeaveRoom(prefix + i, null));
        scanner.expect(ServerMessage.RoomLeft.class);
      }
      scanner.send(new ClientMessage.JoinRoom(prefix + ROOM_BURST, null, "again"));
      assertEquals("again", scanner.expectError("rate_limited").messageId());
    }
    bystanderIsServed();
  }

  private static String matchedWith(TestClient client) {
    return client.expect(ServerMessage.AssignRole.class).payload().peerId();
  }

  private static void waits(TestClient client) {
    client.passGate().send(new ClientMessage.UserAvailable(null));
    client.expect(ServerMessage.Waiting.class);
  }

  /**
   * A blocked user who comes back without a token (a new id) from the same network is not matched
   * with the blocker: they wait side by side while newcomers from elsewhere are matched with each.
   */
  @Test
  void aBlockedUserComingBackAsSomeoneNewIsNotMatchedWithTheBlocker() {
    String home = address();
    String cafe = address();
    try (TestClient blocker = connect(home, "")) {
      try (TestClient blocked = connect(cafe, "")) {
        waits(blocker);
        waits(blocked);
        assertEquals(blocked.userId(), matchedWith(blocker));
        blocker.send(
            new ClientMessage.BlockPeer(new ClientMessage.PeerPayload(blocked.userId()), "b"));
        blocker.expect(ServerMessage.Ack.class);
      }
      try (TestClient again = connect(cafe, "");
          TestClient first = connect(address(), "");
          TestClient second = connect(address(), "")) {
        waits(again);
        waits(blocker);
        waits(first);
        assertEquals(again.userId(), matchedWith(first), "the longest waiter first");
        waits(second);
        assertEquals(blocker.userId(), matchedWith(second));
        assertEquals(second.userId(), matchedWith(blocker), "never the blocked user's new id");
      }
    }
    bystanderIsServed();
  }

  @Test
  void aMessageIdOverItsBoundIsRefusedAndNotEchoed() {
    try (TestClient client = connect(address(), "")) {
      client.sendRaw("{\"type\":\"ping\",\"messageId\":\"" + "m".repeat(129) + "\"}");
      ServerMessage.ErrorResponse error = client.expect(ServerMessage.ErrorResponse.class);
      assertEquals("bad_message", error.payload().code());
      assertEquals(null, error.messageId());
      client.send(new ClientMessage.Ping("m".repeat(128)));
      assertEquals("m".repeat(128), client.expect(ServerMessage.Pong.class).messageId());
    }
  }
}
