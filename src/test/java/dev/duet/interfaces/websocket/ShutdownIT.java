package dev.duet.interfaces.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duet.testing.Database;
import dev.duet.testing.DuetServer;
import dev.duet.testing.TestClient;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Graceful shutdown: undeploying Duet (on Payara Micro: stopping it) tells every client {@code
 * server_draining}, closes it with 1001, and leaves its session, room and match in the database as
 * they were. (Payara Micro stops writing its log when it gets SIGTERM, so the drain's log line is
 * checked on WildFly only.)
 */
class ShutdownIT {

  @Test
  void clientsAreToldAndTheirStateIsKept() throws Exception {
    DuetServer server = DuetServer.start("shutdown", Map.of());
    String matchId;
    try (TestClient a = TestClient.connect(server);
        TestClient b = TestClient.connect(server);
        TestClient c = TestClient.connect(server, "room=kept")) {
      a.send(new ClientMessage.RequestRandomPeer(null, null));
      b.send(new ClientMessage.RequestRandomPeer(null, null));
      matchId =
          a.expectAfter(ServerMessage.Waiting.class, ServerMessage.AssignRole.class)
              .payload()
              .matchId();
      b.expectAfter(ServerMessage.Waiting.class, ServerMessage.AssignRole.class);
      c.expect(ServerMessage.RoomJoined.class);

      server.undeploy();

      for (TestClient client : List.of(a, b, c)) {
        client.expect(ServerMessage.ServerDraining.class);
        assertEquals(1001, client.awaitClose().getCloseCode().getCode());
      }
    }
    server.close();
    if (server.isWildFly()) {
      assertTrue(server.log().contains("event=draining connections=3"), "drain logged");
    }
    List<Map<String, Object>> match =
        Database.query(server.database(), "SELECT * FROM matches WHERE id = ?", matchId);
    assertEquals(1, match.size());
    assertNull(match.get(0).get("ended_at"), "the match is kept");
    assertEquals(
        1, Database.query(server.database(), "SELECT * FROM rooms WHERE id = 'kept'").size());
    assertEquals(
        3,
        Database.query(server.database(), "SELECT * FROM sessions WHERE state = 'OPEN'").size(),
        "the sessions are kept open");
  }
}
