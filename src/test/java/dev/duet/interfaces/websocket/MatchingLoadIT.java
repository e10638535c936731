package dev.duet.interfaces.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duet.testing.DuetServer;
import dev.duet.testing.RawSocket;
import dev.duet.testing.TestClient;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Matching under load, on a server of its own: 1,000 clients asking at once, and a randomized
 * stress of requests, skips, hang-ups and disconnects ({@code duet.stress.seconds}, default 60),
 * after which every invariant of the matching issue is checked ({@link Strangers}).
 */
class MatchingLoadIT {
  private static DuetServer server;

  @BeforeAll
  static void start() {
    server =
        DuetServer.start(
            "matching-load",
            Map.of(
                "REMATCH_COOLDOWN", "1s",
                "INTEREST_FALLBACK", "1s",
                "HEARTBEAT_INTERVAL", "1s",
                "CONNECTION_TIMEOUT", "6s",
                "RESUME_GRACE", "1s"));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static final Strangers.Deployment ONE_SERVER =
      new Strangers.Deployment() {
        @Override
        public TestClient connect(int index) {
          return TestClient.connect(server);
        }

        @Override
        public TestClient resume(String token) {
          return TestClient.resume(server, token);
        }

        @Override
        public long stat(String name) {
          return server.stat(name);
        }

        @Override
        public String stats() {
          return server.stats().toString();
        }

        @Override
        public String name() {
          return server.runtime();
        }
      };

  @Test
  void aThousandClientsAskingAtOnceAreEachMatchedExactlyOnce() throws Exception {
    Strangers.thousandAtOnce(ONE_SERVER);
  }

  /**
   * A client that goes silent without closing is dropped within the bound, its peer told it is
   * reconnecting, and after {@code RESUME_GRACE} (1 s here) that it has left.
   */
  @Test
  void aSilentClientIsDroppedAndItsPeerIsTold() throws Exception {
    String room = "silent-" + UUID.randomUUID();
    String silentId = "silent-" + UUID.randomUUID().toString().substring(0, 8);
    try (Socket silent = RawSocket.openAndGoSilent(server, "userId=" + silentId + "&room=" + room);
        TestClient peer = TestClient.connect(server, "room=" + room)) {
      peer.expect(ServerMessage.RoomJoined.class);
      peer.expectAfter(ServerMessage.PeerJoined.class, ServerMessage.AssignRole.class);
      Instant joined = Instant.now();
      ServerMessage.PeerReconnecting away = peer.expect(ServerMessage.PeerReconnecting.class);
      assertEquals(silentId, away.payload().peerId());
      long seconds = Duration.between(joined, Instant.now()).toSeconds();
      assertTrue(
          seconds >= 5 && seconds <= 8, "dropped after " + seconds + " s, bound is 6 + 1/20 s");
      Instant dropped = Instant.now();
      ServerMessage.PeerLeft left = peer.expect(ServerMessage.PeerLeft.class);
      assertEquals(silentId, left.payload().peerId());
      assertEquals("timeout", left.payload().reason());
      long graceMillis = Duration.between(dropped, Instant.now()).toMillis();
      assertTrue(graceMillis >= 700 && graceMillis <= 3_000, "left after " + graceMillis + " ms");
      peer.send(new ClientMessage.Ping("alive"));
      assertEquals("alive", peer.expect(ServerMessage.Pong.class).messageId());
    }
  }

  @Test
  void randomSkipsHangupsAndDisconnectsKeepEveryInvariant() throws Exception {
    Strangers.stress(
        ONE_SERVER, Duration.ofSeconds(Long.getLong("duet.stress.seconds", 60)), () -> {});
  }
}
