package dev.duet.interfaces.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duet.testing.DuetServer;
import dev.duet.testing.TestClient;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Protocol point 1: the {@code session} frame, user ids, and joining a room from the URL. */
class SessionIT {
  private final DuetServer server = DuetServer.shared();

  @Test
  void firstFrameIsTheSession() {
    try (TestClient client = TestClient.open(server.ws(""))) {
      String raw = client.nextRaw();
      ServerMessage.Session session =
          (ServerMessage.Session) Json.JSONB.fromJson(raw, ServerMessage.class);
      assertEquals(ServerMessage.SYSTEM, session.fromUser());
      assertEquals(session.payload().userId(), session.toUser());
      assertFalse(session.payload().resumed());
      assertTrue(session.payload().token().length() >= 16, raw);
      assertEquals(0, session.payload().iceServers().size(), raw);
      assertTrue(session.payload().heartbeatSeconds() > 0, raw);
      Instant.parse(session.createTime());
    }
  }

  @Test
  void assignedIdsAreUnguessableAndDistinct() {
    try (TestClient a = TestClient.connect(server);
        TestClient b = TestClient.connect(server)) {
      assertTrue(a.userId().matches("[A-Za-z0-9_-]{22}"), a.userId());
      assertNotEquals(a.userId(), b.userId());
      assertNotEquals(a.hello().token(), b.hello().token());
    }
  }

  @Test
  void proposedIdIsKeptAndCannotBeTakenTwice() {
    String id = "alice-" + UUID.randomUUID().toString().substring(0, 8);
    try (TestClient first = TestClient.connect(server, "userId=" + id)) {
      assertEquals(id, first.userId());
      TestClient second = TestClient.open(server.ws("userId=" + id));
      assertEquals(4409, second.awaitClose().getCloseCode().getCode());
      first.send(new ClientMessage.Ping("still-here"));
      assertEquals("still-here", first.expect(ServerMessage.Pong.class).messageId());
    }
    try (TestClient again = TestClient.connect(server, "userId=" + id)) {
      assertEquals(id, again.userId());
    }
  }

  @Test
  void invalidProposedIdIsRefused() {
    TestClient client = TestClient.open(server.ws("userId=no%20spaces%21"));
    assertEquals(4400, client.awaitClose().getCloseCode().getCode());
  }

  @Test
  void roomParameterJoinsAtOnce() {
    String room = "url-" + UUID.randomUUID();
    try (TestClient client = TestClient.connect(server, "room=" + room)) {
      ServerMessage.RoomJoined joined = client.expect(ServerMessage.RoomJoined.class);
      assertEquals(room, joined.payload().room());
      assertEquals("joined", joined.payload().action());
    }
  }

  @Test
  void pingIsAnsweredWithPong() {
    try (TestClient client = TestClient.connect(server)) {
      client.send(new ClientMessage.Ping("p1"));
      ServerMessage.Pong pong = client.expect(ServerMessage.Pong.class);
      assertEquals("p1", pong.messageId());
      assertEquals(client.userId(), pong.toUser());
    }
  }
}
