package dev.duet.interfaces.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.duet.testing.DuetServer;
import dev.duet.testing.TestClient;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Protocol points 2 to 4: joining, roles, capacity, leaving and listing rooms. */
class RoomsIT {
  private final DuetServer server = DuetServer.shared();

  static String newRoom() {
    return "room-" + UUID.randomUUID();
  }

  @Test
  void secondMemberFormsAPairWithRoles() {
    String room = newRoom();
    try (TestClient first = TestClient.connect(server);
        TestClient second = TestClient.connect(server)) {
      first.send(new ClientMessage.JoinRoom(room, null));
      ServerMessage.RoomJoined joined = first.expect(ServerMessage.RoomJoined.class);
      assertEquals(List.of(first.userId()), joined.payload().members());
      assertEquals(room, joined.room());

      second.send(new ClientMessage.JoinRoom(room, null));
      assertEquals(
          List.of(first.userId(), second.userId()),
          second.expect(ServerMessage.RoomJoined.class).payload().members());
      ServerMessage.AssignRole newcomer = second.expect(ServerMessage.AssignRole.class);
      assertEquals("impolite", newcomer.payload().role());
      assertEquals(first.userId(), newcomer.payload().peerId());
      assertEquals(room, newcomer.payload().room());

      ServerMessage.PeerJoined peerJoined = first.expect(ServerMessage.PeerJoined.class);
      assertEquals(second.userId(), peerJoined.payload().peerId());
      assertEquals(room, peerJoined.payload().room());
      ServerMessage.AssignRole earlier = first.expect(ServerMessage.AssignRole.class);
      assertEquals("polite", earlier.payload().role());
      assertEquals(second.userId(), earlier.payload().peerId());
    }
  }

  @Test
  void aThirdMemberIsRefusedAndNobodyElseNotices() {
    String room = newRoom();
    try (TestClient a = TestClient.connect(server, "room=" + room);
        TestClient b = TestClient.connect(server, "room=" + room);
        TestClient c = TestClient.connect(server)) {
      a.expect(ServerMessage.RoomJoined.class);
      a.expect(ServerMessage.PeerJoined.class);
      a.expect(ServerMessage.AssignRole.class);
      b.expect(ServerMessage.RoomJoined.class);
      b.expect(ServerMessage.AssignRole.class);

      c.send(new ClientMessage.JoinRoom(room, "m3"));
      assertEquals("m3", c.expectError("room_full").messageId());
      a.expectNothingBefore();
      b.send(new ClientMessage.GetRooms(null));
      assertEquals(List.of(room), b.expect(ServerMessage.RoomsList.class).payload().rooms());
    }
  }

  @Test
  void joiningTwiceTellsNobody() {
    String room = newRoom();
    try (TestClient a = TestClient.connect(server, "room=" + room);
        TestClient b = TestClient.connect(server, "room=" + room)) {
      a.expect(ServerMessage.RoomJoined.class);
      a.expect(ServerMessage.PeerJoined.class);
      a.expect(ServerMessage.AssignRole.class);
      b.expect(ServerMessage.RoomJoined.class);
      b.expect(ServerMessage.AssignRole.class);
      b.send(new ClientMessage.JoinRoom(room, null));
      assertEquals(2, b.expect(ServerMessage.RoomJoined.class).payload().members().size());
      a.expectNothingBefore();
    }
  }

  @Test
  void invalidRoomIdsAreRefused() {
    try (TestClient a = TestClient.connect(server)) {
      for (String bad : new String[] {"", "has space", "x".repeat(65), "ünïcode", "a/b"}) {
        a.send(new ClientMessage.JoinRoom(bad, null));
        a.expectError("invalid_room");
      }
      a.sendRaw("{\"type\":\"join_room\"}");
      a.expectError("invalid_room");
    }
  }

  @Test
  void leavingTellsTheOthers() {
    String room = newRoom();
    try (TestClient a = TestClient.connect(server, "room=" + room);
        TestClient b = TestClient.connect(server, "room=" + room)) {
      a.expect(ServerMessage.RoomJoined.class);
      a.expect(ServerMessage.PeerJoined.class);
      a.expect(ServerMessage.AssignRole.class);
      b.expect(ServerMessage.RoomJoined.class);
      b.expect(ServerMessage.AssignRole.class);

      b.send(new ClientMessage.LeaveRoom(room, null));
      ServerMessage.RoomLeft left = b.expect(ServerMessage.RoomLeft.class);
      assertEquals("left", left.payload().action());
      assertEquals(room, left.payload().room());
      ServerMessage.PeerLeft peerLeft = a.expect(ServerMessage.PeerLeft.class);
      assertEquals(b.userId(), peerLeft.payload().peerId());
      assertEquals("left", peerLeft.payload().reason());

      b.send(new ClientMessage.LeaveRoom(room, null));
      b.expectError("not_in_room");
    }
  }

  @Test
  void disconnectingLeavesEveryRoom() {
    String room1 = newRoom();
    String room2 = newRoom();
    try (TestClient a = TestClient.connect(server, "room=" + room1);
        TestClient c = TestClient.connect(server, "room=" + room2)) {
      a.expect(ServerMessage.RoomJoined.class);
      c.expect(ServerMessage.RoomJoined.class);
      TestClient b = TestClient.connect(server, "room=" + room1);
      b.send(new ClientMessage.JoinRoom(room2, null));
      b.expect(ServerMessage.RoomJoined.class);
      b.expect(ServerMessage.AssignRole.class);
      b.expect(ServerMessage.RoomJoined.class);
      b.expect(ServerMessage.AssignRole.class);
      b.send(new ClientMessage.GetRooms("list"));
      ServerMessage.RoomsList list = b.expect(ServerMessage.RoomsList.class);
      assertEquals(List.of(room1, room2).stream().sorted().toList(), list.payload().rooms());
      assertEquals("list", list.messageId());

      a.expect(ServerMessage.PeerJoined.class);
      a.expect(ServerMessage.AssignRole.class);
      c.expect(ServerMessage.PeerJoined.class);
      c.expect(ServerMessage.AssignRole.class);
      b.close();
      for (TestClient other : List.of(a, c)) {
        ServerMessage.PeerLeft left = other.expect(ServerMessage.PeerLeft.class);
        assertEquals(b.userId(), left.payload().peerId());
        assertEquals("disconnected", left.payload().reason());
      }
    }
  }
}
