package dev.duet.interfaces.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duet.testing.DuetServer;
import dev.duet.testing.Signal;
import dev.duet.testing.TestClient;
import jakarta.json.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Calls outlive a restart: the server is stopped as an operator would (SIGTERM; every client is
 * told {@code server_draining} before close 1001) and started again on the same database, and both
 * partners of a room call and of a random match come back with their tokens to the same room and
 * match, and a room made with a passcode still takes in only those who present it. No {@code
 * JWT_SECRET} is set: the key Duet made for itself on first start must sign and check tokens across
 * the restart.
 */
class RestartIT {

  @Test
  void bothPartnersOfARoomCallAndOfARandomMatchResumeAfterARestart() throws Exception {
    try (DuetServer server = DuetServer.start("restart", Map.of("RESUME_GRACE", "30s"))) {
      TestClient a = TestClient.connect(server, "room=kept");
      a.expect(ServerMessage.RoomJoined.class);
      TestClient b = TestClient.connect(server, "room=kept");
      b.expect(ServerMessage.RoomJoined.class);
      b.expect(ServerMessage.AssignRole.class);
      a.expect(ServerMessage.PeerJoined.class);
      a.expect(ServerMessage.AssignRole.class);
      a.send(new ClientMessage.JoinRoom("locked", "s3cret", null));
      a.expect(ServerMessage.RoomJoined.class);
      TestClient c = TestClient.connect(server);
      TestClient d = TestClient.connect(server);
      c.send(new ClientMessage.RequestRandomPeer(null, null));
      c.expect(ServerMessage.Waiting.class);
      d.send(new ClientMessage.RequestRandomPeer(null, null));
      d.expect(ServerMessage.Waiting.class);
      String matchId = c.expect(ServerMessage.AssignRole.class).payload().matchId();
      d.expect(ServerMessage.AssignRole.class);

      Instant stopping = Instant.now();
      server.close();
      for (TestClient client : new TestClient[] {a, b, c, d}) {
        client.expect(ServerMessage.ServerDraining.class);
        assertEquals(1001, client.awaitClose().getCloseCode().getCode());
      }
      server.startAgain();
      Instant started = Instant.now();

      try (TestClient a2 = TestClient.resume(server, a.token())) {
        assertTrue(a2.hello().resumed(), "a is back");
        assertEquals(a.userId(), a2.userId());
        assertEquals(
            b.userId(), a2.expect(ServerMessage.PeerReconnecting.class).payload().peerId());
        try (TestClient b2 = TestClient.resume(server, b.token());
            TestClient c2 = TestClient.resume(server, c.token());
            TestClient d2 = TestClient.resume(server, d.token())) {
          Instant resumed = Instant.now();
          assertTrue(b2.hello().resumed() && c2.hello().resumed() && d2.hello().resumed());
          assertEquals(
              b.userId(), a2.expect(ServerMessage.PeerReconnected.class).payload().peerId());
          a2.send(
              new ClientMessage.ChatMessage(
                  "kept", null, new ClientMessage.ChatPayload("after the restart"), "m"));
          assertEquals(
              "after the restart",
              b2.expectAfter(ServerMessage.PeerReconnected.class, ServerMessage.ChatMessage.class)
                  .payload()
                  .content());
          a2.expect(ServerMessage.ChatMessage.class);
          c2.expectAfter(ServerMessage.PeerReconnecting.class, ServerMessage.PeerReconnected.class);
          c2.send(
              new Signal.Offer(
                  d.userId(), Json.createObjectBuilder().add("sdp", "x").build(), "o"));
          assertEquals(
              "o",
              d2.expectAfter(ServerMessage.PeerReconnected.class, ServerMessage.Offer.class)
                  .messageId());
          assertEquals(4, server.stat("active_users"));
          assertEquals(2, server.stat("active_rooms"));
          try (TestClient e = TestClient.connect(server)) {
            e.send(new ClientMessage.JoinRoom("locked", null, null));
            e.expectError("wrong_passcode");
            e.send(new ClientMessage.JoinRoom("locked", "s3cret", null));
            e.expect(ServerMessage.RoomJoined.class);
          }
          assertEquals(1, server.stat("active_matches"), "match " + matchId + " is back");
          System.out.printf(
              "RestartIT on %s: stopped and started again in %d ms; all four resumed %d ms after"
                  + " the start%n",
              server.runtime(),
              Duration.between(stopping, started).toMillis(),
              Duration.between(started, resumed).toMillis());
        }
      }
    }
  }
}
