package dev.duet.interfaces.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.duet.testing.DuetServer;
import dev.duet.testing.RawSocket;
import dev.duet.testing.Signal;
import dev.duet.testing.TestClient;
import jakarta.json.JsonObject;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A client that stops reading is disconnected (its session waits {@code RESUME_GRACE} for it, then
 * ends); its peer and everyone else keep going.
 */
class SlowClientIT {
  private final DuetServer server = DuetServer.shared();

  @Test
  void aClientThatReadsNothingIsDroppedAndItsPeerIsTold() throws Exception {
    String room = "slow-" + UUID.randomUUID();
    String slowId = "slow-" + UUID.randomUUID().toString().substring(0, 8);
    try (Socket slow = RawSocket.openAndGoSilent(server, "userId=" + slowId + "&room=" + room);
        TestClient fast = TestClient.connect(server, "room=" + room);
        Pair bystanders = Pair.inRoom(server)) {
      fast.expect(ServerMessage.RoomJoined.class);
      fast.expectAfter(ServerMessage.PeerJoined.class, ServerMessage.AssignRole.class);
      JsonObject big =
          jakarta.json.Json.createObjectBuilder().add("candidate", "x".repeat(60_000)).build();
      Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
      ServerMessage.PeerReconnecting away = null;
      for (int sent = 0; sent < 5_000 && away == null && Instant.now().isBefore(deadline); sent++) {
        fast.send(new Signal.Candidate(slowId, big, null));
        String frame = fast.poll(Duration.ZERO);
        if (frame != null) {
          away = (ServerMessage.PeerReconnecting) Json.JSONB.fromJson(frame, ServerMessage.class);
        }
      }
      if (away == null) {
        away = fast.expect(ServerMessage.PeerReconnecting.class);
      }
      assertEquals(slowId, away.payload().peerId());
      ServerMessage.PeerLeft left = fast.expect(ServerMessage.PeerLeft.class);
      assertEquals(slowId, left.payload().peerId());
      assertEquals("timeout", left.payload().reason(), "it did not come back within the grace");

      bystanders.polite().send(new ClientMessage.Ping("alive"));
      assertEquals("alive", bystanders.polite().expect(ServerMessage.Pong.class).messageId());
      TestClient again = TestClient.connect(server, "userId=" + slowId);
      assertEquals(slowId, again.userId());
      again.close();
    }
  }
}
