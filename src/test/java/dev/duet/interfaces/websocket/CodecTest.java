package dev.duet.interfaces.websocket;

import static org.junit.jupiter.api.Assertions.*;

import dev.duet.domain.ErrorCode;
import org.junit.jupiter.api.Test;

class CodecTest {

  @Test
  void readsTypeInAnyPosition() {
    ClientMessage m =
        ClientMessageDecoder.read("{\"room\":\"abc\",\"type\":\"join_room\",\"fromUser\":\"x\"}");
    assertEquals(new ClientMessage.JoinRoom("abc", null), m);
  }

  @Test
  void keepsOpaquePayload() {
    ClientMessage m =
        ClientMessageDecoder.read(
            "{\"type\":\"webrtc_offer\",\"toUser\":\"b\",\"payload\":{\"type\":\"offer\",\"sdp\":\"v=0\",\"n\":[1,2.5,null]}}");
    ClientMessage.Offer offer = assertInstanceOf(ClientMessage.Offer.class, m);
    assertEquals("b", offer.toUser());
    assertEquals(
        "{\"type\":\"offer\",\"sdp\":\"v=0\",\"n\":[1,2.5,null]}", offer.payload().toString());
  }

  @Test
  void classifiesBadFrames() {
    assertEquals(ErrorCode.BAD_JSON, invalid("{nope").code());
    assertEquals(ErrorCode.BAD_MESSAGE, invalid("[1,2]").code());
    assertEquals(ErrorCode.BAD_MESSAGE, invalid("{\"room\":\"x\"}").code());
    assertEquals(ErrorCode.UNKNOWN_TYPE, invalid("{\"type\":\"fly\"}").code());
    assertEquals(
        ErrorCode.BAD_MESSAGE, invalid("{\"type\":\"chat_message\",\"payload\":\"hi\"}").code());
    assertEquals(ErrorCode.BAD_MESSAGE, invalid("null").code());
  }

  private static ClientMessage.Invalid invalid(String text) {
    return assertInstanceOf(ClientMessage.Invalid.class, ClientMessageDecoder.read(text));
  }

  @Test
  void writesEnvelope() {
    String json =
        ServerMessageEncoder.write(
            new ServerMessage.PeerJoined(
                "system",
                "u1",
                "r",
                new ServerMessage.PeerPayload("r", "u2"),
                "2026-01-01T00:00:00Z"));
    System.out.println(json);
    assertTrue(json.startsWith("{\"type\":\"peer_joined\""), json);
    assertTrue(json.contains("\"payload\":{\"peerId\":\"u2\",\"room\":\"r\"}"), json);
  }
}
