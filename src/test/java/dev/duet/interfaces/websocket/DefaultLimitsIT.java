package dev.duet.interfaces.websocket;

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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The limits a deployment gets without setting any ({@link DuetServer#sharedWithDefaultLimits}):
 * {@code RATE_LIMIT_BURST} 60 refilled at 2 a second, "Next" 5 then one every 3 s, chat 10, and 20
 * connections per address, each as the README states it.
 */
class DefaultLimitsIT {
  private static final int BURST = 60;
  private static final int PER_IP = 20;
  private final DuetServer server = DuetServer.sharedWithDefaultLimits();

  @BeforeEach
  void nobodyConnected() {
    System.out.println("DefaultLimitsIT on " + server.runtime());
    Awaits.until(
        Duration.ofSeconds(10),
        () -> server.stat("active_users") == 0,
        () -> "users left over: " + server.stats());
  }

  @Test
  void aFloodIsRateLimitedWhileTheNeighbourIsServed() {
    try (TestClient flooder = TestClient.connect(server);
        TestClient neighbour = TestClient.connect(server)) {
      int sent = 100;
      for (int i = 0; i < sent; i++) {
        flooder.send(new ClientMessage.Ping("f" + i));
      }
      int pongs = 0;
      for (int i = 0; i < sent; i++) {
        ServerMessage reply = Json.JSONB.fromJson(flooder.nextRaw(), ServerMessage.class);
        if (reply instanceof ServerMessage.Pong) {
          pongs++;
        } else {
          ServerMessage.Error error = assertInstanceOf(ServerMessage.Error.class, reply);
          assertEquals("rate_limited", error.payload().code());
          assertTrue(error.messageId().startsWith("f"), "the dropped message is named");
        }
      }
      assertTrue(pongs >= BURST && pongs <= BURST + 3, pongs + " pongs for a burst of 60");

      for (int i = 0; i < BURST; i++) {
        neighbour.send(new ClientMessage.Ping("n" + i));
      }
      for (int i = 0; i < BURST; i++) {
        assertEquals("n" + i, neighbour.expect(ServerMessage.Pong.class).messageId());
      }

      Awaits.until(
          Duration.ofSeconds(5),
          () -> {
            flooder.send(new ClientMessage.Ping("again"));
            return Json.JSONB.fromJson(flooder.nextRaw(), ServerMessage.class)
                instanceof ServerMessage.Pong;
          },
          () -> "the flooder is served again once its bucket refills");
      assertTrue(
          flooder.isOpen(), "a short flood is not closed (4429 takes 60 refusals within 10 s)");
    }
  }

  @Test
  void nextAndChatHaveTheirDefaultLimits() {
    try (TestClient a = TestClient.connect(server).passGate();
        TestClient b = TestClient.connect(server)) {
      for (int i = 0; i < 6; i++) {
        a.send(new ClientMessage.RequestRandomPeer(null, "r" + i));
      }
      for (int i = 0; i < 5; i++) {
        a.expect(ServerMessage.Waiting.class);
      }
      assertEquals("r5", a.expectError("rate_limited").messageId(), "five quick Nexts, not six");
      a.send(new ClientMessage.UserUnavailable(null));

      String room = "default-limits-" + System.nanoTime();
      b.send(new ClientMessage.JoinRoom(room, null, null));
      b.expect(ServerMessage.RoomJoined.class);
      for (int i = 0; i < 11; i++) {
        b.send(
            new ClientMessage.ChatMessage(
                room, null, new ClientMessage.ChatPayload("hi " + i), "c" + i));
      }
      for (int i = 0; i < 10; i++) {
        assertEquals("hi " + i, b.expect(ServerMessage.ChatMessage.class).payload().content());
      }
      assertEquals("c10", b.expectError("rate_limited").messageId(), "ten chat messages at once");
    }
  }

  @Test
  void theTwentyFirstConnectionFromAnAddressIsRefusedWith429() throws Exception {
    String host = "127.0.0.1:" + server.ws("").getPort();
    List<TestClient> clients = new ArrayList<>();
    try {
      for (int i = 0; i < PER_IP; i++) {
        clients.add(TestClient.connect(server));
      }
      RawSocket.Answer refused = RawSocket.handshake(server, host);
      assertEquals(429, refused.status());
      assertEquals("too many connections from your address", refused.body().trim());
      RawSocket.Answer spoofed = RawSocket.handshake(server, host, "X-Forwarded-For: 198.51.100.7");
      assertEquals(429, spoofed.status(), "X-Forwarded-For is believed from trusted proxies only");
      assertEquals(PER_IP, server.stat("active_users"), "a refused handshake creates nothing");
      Awaits.until(
          Duration.ofSeconds(10),
          () -> server.log().contains("event=handshake_refused status=429"),
          () -> "a log line for the refused handshake");

      clients.remove(0).close();
      Awaits.until(
          Duration.ofSeconds(10),
          () -> server.stat("active_users") == PER_IP - 1,
          () -> "the closed connection is gone: " + server.stats());
      assertEquals(101, RawSocket.handshake(server, host).status(), "a freed place is taken");
    } finally {
      clients.forEach(TestClient::close);
    }
  }
}
