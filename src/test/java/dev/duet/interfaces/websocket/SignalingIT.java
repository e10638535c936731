package dev.duet.interfaces.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.duet.testing.DuetServer;
import dev.duet.testing.Signal;
import dev.duet.testing.TestClient;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Protocol points 5 and 6: relaying signaling and chat between peers only. */
class SignalingIT {
  private final DuetServer server = DuetServer.shared();

  private static JsonObject parse(String json) {
    return jakarta.json.Json.createReader(new StringReader(json)).readObject();
  }

  @Test
  void signalingReachesThePeerUnchangedAndUnspoofed() {
    try (Pair pair = Pair.inRoom(server)) {
      String[] types = {"webrtc_offer", "webrtc_answer", "webrtc_candidate", "hangup"};
      String payload =
          "{\"sdp\":\"v=0\\r\\no=- 46117 2 IN IP4 127.0.0.1\\r\\n\",\"type\":\"offer\","
              + "\"nested\":{\"list\":[1,2.5,true,null,\"\\u00e9\"]}}";
      for (String type : types) {
        pair.impolite()
            .sendRaw(
                "{\"type\":\""
                    + type
                    + "\",\"toUser\":\""
                    + pair.polite().userId()
                    + "\",\"fromUser\":\"someone-else\",\"createTime\":\"1999-01-01T00:00:00Z\","
                    + "\"messageId\":\"m-"
                    + type
                    + "\",\"payload\":"
                    + payload
                    + "}");
        JsonObject received = parse(pair.polite().nextRaw());
        assertEquals(type, received.getString("type"));
        assertEquals(pair.impolite().userId(), received.getString("fromUser"));
        assertEquals(pair.polite().userId(), received.getString("toUser"));
        assertEquals("m-" + type, received.getString("messageId"));
        assertEquals(parse(payload), received.getJsonObject("payload"));
        Instant sent = Instant.parse(received.getString("createTime"));
        assertNotEquals(Instant.parse("1999-01-01T00:00:00Z"), sent);
      }
      pair.impolite().expectNothingBefore();
    }
  }

  @Test
  void signalingToSomeoneWhoIsNotAPeerIsRefused() {
    try (Pair pair = Pair.inRoom(server);
        TestClient stranger = TestClient.connect(server)) {
      stranger.send(
          new Signal.Offer(pair.polite().userId(), jakarta.json.JsonValue.EMPTY_JSON_OBJECT, "x"));
      assertEquals("x", stranger.expectError("not_your_peer").messageId());
      stranger.send(new Signal.Candidate("nobody-at-all", null, null));
      stranger.expectError("not_your_peer");
      stranger.send(new Signal.Hangup(stranger.userId(), null, null));
      stranger.expectError("not_your_peer");
      stranger.send(new Signal.Answer(null, null, null));
      stranger.expectError("not_your_peer");
      pair.polite().expectNothingBefore();
    }
  }

  @Test
  void peersStopBeingPeersWhenOneLeaves() {
    try (Pair pair = Pair.inRoom(server)) {
      pair.impolite().send(new ClientMessage.LeaveRoom(pair.room(), null));
      pair.impolite().expect(ServerMessage.RoomLeft.class);
      pair.polite().expect(ServerMessage.PeerLeft.class);
      pair.impolite().send(new Signal.Offer(pair.polite().userId(), null, null));
      pair.impolite().expectError("not_your_peer");
    }
  }

  @Test
  void roomChatReachesEveryMemberIncludingTheSender() {
    try (Pair pair = Pair.inRoom(server)) {
      pair.polite()
          .send(
              new ClientMessage.ChatMessage(
                  pair.room(), null, new ClientMessage.ChatPayload("hello 👋"), "c1"));
      for (TestClient member : new TestClient[] {pair.polite(), pair.impolite()}) {
        ServerMessage.ChatMessage chat = member.expect(ServerMessage.ChatMessage.class);
        assertEquals("hello 👋", chat.payload().content());
        assertEquals(pair.polite().userId(), chat.fromUser());
        assertEquals(pair.room(), chat.room());
        assertEquals("c1", chat.messageId());
        assertNull(chat.incoming());
      }
    }
  }

  @Test
  void directChatMarksIncomingAndOutgoing() {
    try (Pair pair = Pair.inRoom(server)) {
      pair.impolite()
          .sendRaw(
              "{\"type\":\"chat_message\",\"fromUser\":\"spoof\",\"toUser\":\""
                  + pair.polite().userId()
                  + "\",\"payload\":{\"content\":\"psst\"}}");
      ServerMessage.ChatMessage received = pair.polite().expect(ServerMessage.ChatMessage.class);
      assertEquals(Boolean.TRUE, received.incoming());
      assertEquals(pair.impolite().userId(), received.fromUser());
      assertEquals("psst", received.payload().content());
      ServerMessage.ChatMessage copy = pair.impolite().expect(ServerMessage.ChatMessage.class);
      assertEquals(Boolean.FALSE, copy.incoming());
      assertEquals(pair.polite().userId(), copy.toUser());
    }
  }

  @Test
  void chatRulesAreEnforced() {
    try (Pair pair = Pair.inRoom(server);
        TestClient stranger = TestClient.connect(server)) {
      TestClient a = pair.polite();
      a.send(
          new ClientMessage.ChatMessage(
              pair.room(), null, new ClientMessage.ChatPayload(""), null));
      a.expectError("bad_message");
      a.send(
          new ClientMessage.ChatMessage(
              pair.room(), null, new ClientMessage.ChatPayload("x".repeat(2001)), null));
      a.expectError("bad_message");
      a.send(new ClientMessage.ChatMessage(pair.room(), null, null, null));
      a.expectError("bad_message");
      a.send(
          new ClientMessage.ChatMessage(
              pair.room(), pair.impolite().userId(), new ClientMessage.ChatPayload("both"), null));
      a.expectError("bad_message");
      a.send(
          new ClientMessage.ChatMessage(null, null, new ClientMessage.ChatPayload("none"), null));
      a.expectError("bad_message");
      a.send(
          new ClientMessage.ChatMessage(
              pair.room(), null, new ClientMessage.ChatPayload("x".repeat(2000)), null));
      assertEquals(2000, a.expect(ServerMessage.ChatMessage.class).payload().content().length());
      pair.impolite().expect(ServerMessage.ChatMessage.class);

      stranger.send(
          new ClientMessage.ChatMessage(
              pair.room(), null, new ClientMessage.ChatPayload("hi"), null));
      stranger.expectError("not_in_room");
      stranger.send(
          new ClientMessage.ChatMessage(
              null, a.userId(), new ClientMessage.ChatPayload("hi"), null));
      stranger.expectError("not_your_peer");
      a.expectNothingBefore();
    }
  }
}
