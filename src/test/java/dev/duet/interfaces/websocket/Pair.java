package dev.duet.interfaces.websocket;

import dev.duet.testing.DuetServer;
import dev.duet.testing.TestClient;
import java.net.URI;
import java.util.UUID;
import java.util.function.Function;

/**
 * Two clients in a fresh room, with the join notifications already read. Each joins with {@code
 * join_room} once its session is open rather than with {@code ?room=}: a handshake that Payara
 * Micro, rarely, answers 404 after Duet opened its session (the client then tries again) would
 * otherwise leave that session in the room, which is then full for the second member.
 */
record Pair(TestClient polite, TestClient impolite, String room) implements AutoCloseable {

  static Pair inRoom(DuetServer server) {
    return inRoom(server, server::ws);
  }

  /** A pair whose first member connects to the URI {@code firstVia} makes of its query. */
  static Pair inRoom(DuetServer server, Function<String, URI> firstVia) {
    String room = "pair-" + UUID.randomUUID();
    TestClient first = TestClient.connect(firstVia.apply(""));
    first.send(new ClientMessage.JoinRoom(room, null, null));
    first.expect(ServerMessage.RoomJoined.class);
    TestClient second = TestClient.connect(server);
    second.send(new ClientMessage.JoinRoom(room, null, null));
    second.expect(ServerMessage.RoomJoined.class);
    second.expect(ServerMessage.AssignRole.class);
    first.expect(ServerMessage.PeerJoined.class);
    first.expect(ServerMessage.AssignRole.class);
    return new Pair(first, second, room);
  }

  @Override
  public void close() {
    polite.close();
    impolite.close();
  }
}
