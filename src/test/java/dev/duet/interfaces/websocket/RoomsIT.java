package dev.duet.interfaces.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

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

  /**
   * A client in {@code room} (joined with {@code ?room=}), once its join is done: the join follows
   * the {@code session} frame, so a second client connected right after could otherwise join first.
   */
  private TestClient joined(String room) {
    TestClient client = TestClient.connect(server, "room=" + room);
    client.expect(ServerMessage.RoomJoined.class);
    return client;
  }

  @Test
  void secondMemberFormsAPairWithRoles() {
    String room = newRoom();
    try (TestClient first = TestClient.connect(server);
        TestClient second = TestClient.connect(server)) {
      first.send(new ClientMessage.JoinRoom(room, null, null));
      ServerMessage.RoomJoined joined = first.expect(ServerMessage.RoomJoined.class);
      assertEquals(List.of(first.userId()), joined.payload().members());
      assertEquals(room, joined.room());

      second.send(new ClientMessage.JoinRoom(room, null, null));
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
    try (TestClient a = joined(room);
        TestClient b = TestClient.connect(server, "room=" + room);
        TestClient c = TestClient.connect(server)) {
      a.expect(ServerMessage.PeerJoined.class);
      a.expect(ServerMessage.AssignRole.class);
      b.expect(ServerMessage.RoomJoined.class);
      b.expect(ServerMessage.AssignRole.class);

      c.send(new ClientMessage.JoinRoom(room, null, "m3"));
      assertEquals("m3", c.expectError("room_full").messageId());
      a.expectNothingBefore();
      b.send(new ClientMessage.GetRooms(null));
      assertEquals(List.of(room), b.expect(ServerMessage.RoomsList.class).payload().rooms());
    }
  }

  /**
   * A room made with a passcode takes in only those who present it: without it, with another one,
   * or full, a guesser gets {@code wrong_passcode}, which names no member, and the members notice
   * nothing; the right one joins. A name someone made without a passcode is not joined with one.
   */
  @Test
  void aPasscodeKeepsAChosenNameToThoseWhoKnowIt() {
    String room = "team-standup-" + UUID.randomUUID().toString().substring(0, 8);
    try (TestClient a = TestClient.connect(server);
        TestClient guesser = TestClient.connect(server);
        TestClient b = TestClient.connect(server)) {
      a.send(new ClientMessage.JoinRoom(room, "blue heron 7", null));
      a.expect(ServerMessage.RoomJoined.class);
      guesser.send(new ClientMessage.JoinRoom(room, null, "g1"));
      ServerMessage.Error refused = guesser.expectError("wrong_passcode");
      assertEquals("g1", refused.messageId());
      assertFalse(refused.payload().error().contains(a.userId()), refused.payload().error());
      guesser.send(new ClientMessage.JoinRoom(room, "blue heron 8", null));
      guesser.expectError("wrong_passcode");
      a.expectNothingBefore();

      b.send(new ClientMessage.JoinRoom(room, "blue heron 7", null));
      assertEquals(
          List.of(a.userId(), b.userId()),
          b.expect(ServerMessage.RoomJoined.class).payload().members());
      a.expect(ServerMessage.PeerJoined.class);
      guesser.send(new ClientMessage.JoinRoom(room, null, null));
      guesser.expectError("wrong_passcode");

      String open = newRoom();
      guesser.send(new ClientMessage.JoinRoom(open, null, null));
      guesser.expect(ServerMessage.RoomJoined.class);
      a.send(new ClientMessage.JoinRoom(open, "blue heron 7", null));
      assertEquals(
          "wrong_passcode",
          a.expectAfter(ServerMessage.AssignRole.class, ServerMessage.Error.class).payload().code(),
          "someone else's room of that name");
      guesser.send(new ClientMessage.JoinRoom(room, "x".repeat(129), null));
      guesser.expectError("bad_message");
    }
  }

  @Test
  void joiningTwiceTellsNobody() {
    String room = newRoom();
    try (TestClient a = joined(room);
        TestClient b = TestClient.connect(server, "room=" + room)) {
      a.expect(ServerMessage.PeerJoined.class);
      a.expect(ServerMessage.AssignRole.class);
      b.expect(ServerMessage.RoomJoined.class);
      b.expect(ServerMessage.AssignRole.class);
      b.send(new ClientMessage.JoinRoom(room, null, null));
      assertEquals(2, b.expect(ServerMessage.RoomJoined.class).payload().members().size());
      a.expectNothingBefore();
    }
  }

  @Test
  void invalidRoomIdsAreRefused() {
    try (TestClient a = TestClient.connect(server)) {
      for (String bad : new String[] {"", "has space", "x".repeat(65), "ünïcode", "a/b"}) {
        a.send(new ClientMessage.JoinRoom(bad, null, null));
        a.expectError("invalid_room");
      }
      a.sendRaw("{\"type\":\"join_room\"}");
      a.expectError("invalid_room");
    }
  }

  @Test
  void leavingTellsTheOthers() {
    String room = newRoom();
    try (TestClient a = joined(room);
        TestClient b = TestClient.connect(server, "room=" + room)) {
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
      b.send(new ClientMessage.JoinRoom(room2, null, null));
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
