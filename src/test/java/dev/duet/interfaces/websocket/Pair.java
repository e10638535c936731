package dev.duet.interfaces.websocket;

import dev.duet.testing.DuetServer;
import dev.duet.testing.TestClient;
import java.util.UUID;

/** Two clients in a fresh room, with the join notifications already read. */
record Pair(TestClient polite, TestClient impolite, String room) implements AutoCloseable {

  static Pair inRoom(DuetServer server) {
    String room = "pair-" + UUID.randomUUID();
    TestClient first = TestClient.connect(server, "room=" + room);
    first.expect(ServerMessage.RoomJoined.class);
    TestClient second = TestClient.connect(server, "room=" + room);
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
