package dev.duet.interfaces.websocket;

import static org.junit.jupiter.api.Assertions.*;

import dev.duet.domain.ErrorCode;
import dev.duet.domain.SignalType;
import dev.duet.testing.FrameFuzzer;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CodecTest {

  @Test
  void aLoneSurrogateIsWrittenAsAnEscapeAndReadBackAsItself() {
    String text = "a\ud800b\udfff\ud83d\ude00c\udc00\ud800";
    String frame =
        ServerMessageEncoder.write(
            new ServerMessage.Pong("system", "u", text, "2026-01-01T00:00Z"));
    assertTrue(frame.contains("\"a\\ud800b\\udfff\ud83d\ude00c\\udc00\\ud800\""), frame);
    assertEquals(frame, new String(frame.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8));
    assertEquals(
        text, ((ServerMessage.Pong) Json.JSONB.fromJson(frame, ServerMessage.class)).messageId());
    String signal =
        ServerMessageEncoder.signal(
            SignalType.CANDIDATE, "a", "b", "{}", text, "2026-01-01T00:00Z");
    assertEquals(
        text,
        ((ServerMessage.Candidate) Json.JSONB.fromJson(signal, ServerMessage.class)).messageId());
    assertFalse(
        signal
            .chars()
            .anyMatch(c -> Character.isSurrogate((char) c) && c != 0xd83d && c != 0xde00));
  }

  @Test
  void readsTypeInAnyPosition() {
    ClientMessage m =
        ClientMessageDecoder.read("{\"room\":\"abc\",\"type\":\"join_room\",\"fromUser\":\"x\"}");
    assertEquals(new ClientMessage.JoinRoom("abc", null, null), m);
  }

  @Test
  void keepsOpaquePayloadAsSent() {
    String payload = "{ \"type\":\"offer\", \"sdp\":\"v=0\\r\\n\\u00e9\",\"n\":[1,2.50,null,{}]}";
    assertEquals(
        new ClientMessage.Relay(SignalType.OFFER, "b", payload, "m1"),
        ClientMessageDecoder.read(
            "{\"type\":\"webrtc_offer\",\"toUser\":\"b\",\"payload\" :\n "
                + payload
                + " ,\"messageId\":\"m1\",\"extra\":[{\"x\":1}]}"));
  }

  @Test
  void readsEverySignalTypeAndPayloadShape() {
    assertEquals(
        new ClientMessage.Relay(SignalType.CANDIDATE, "b", "\"x\"", null),
        ClientMessageDecoder.read(
            "{\"payload\":\"x\",\"toUser\":\"b\",\"type\":\"webrtc_candidate\"}"));
    assertEquals(
        new ClientMessage.Relay(SignalType.ANSWER, null, "12.5e3", null),
        ClientMessageDecoder.read("{\"type\":\"webrtc_answer\",\"payload\":12.5e3}"));
    assertEquals(
        new ClientMessage.Relay(SignalType.HANGUP, "b", "true", null),
        ClientMessageDecoder.read("{\"type\":\"hangup\",\"toUser\":\"b\",\"payload\":true}"));
    assertEquals(
        new ClientMessage.Relay(SignalType.HANGUP, "b", null, null),
        ClientMessageDecoder.read("{\"type\":\"hangup\",\"toUser\":\"b\",\"payload\":null}"));
    assertEquals(
        new ClientMessage.Relay(SignalType.OFFER, "b", "{}", null),
        ClientMessageDecoder.read(
            "{\"type\":\"\\u0077ebrtc_offer\",\"toUser\":\"b\",\"payload\":{}}"));
  }

  @Test
  void refusesBrokenSignaling() {
    assertEquals(ErrorCode.BAD_MESSAGE, invalid("{\"type\":\"webrtc_offer\",\"toUser\":7}").code());
    assertEquals(
        ErrorCode.BAD_MESSAGE,
        invalid("{\"type\":\"hangup\",\"toUser\":\"b\",\"messageId\":{}}").code());
    assertEquals(
        ErrorCode.BAD_JSON,
        invalid("{\"type\":\"webrtc_offer\",\"toUser\":\"b\",\"payload\":{\"a\" \"b\"}}").code());
    assertEquals(
        ErrorCode.BAD_JSON,
        invalid("{\"type\":\"webrtc_offer\",\"toUser\":\"b\",\"payload\":[1,}").code());
    String deep = "[".repeat(33) + "]".repeat(33);
    assertEquals(
        ErrorCode.BAD_MESSAGE,
        invalid("{\"type\":\"webrtc_offer\",\"toUser\":\"b\",\"payload\":" + deep + "}").code());
    String deepEnough = "{\"a\":" + "[".repeat(31) + "]".repeat(31) + "}";
    assertInstanceOf(
        ClientMessage.Relay.class,
        ClientMessageDecoder.read(
            "{\"type\":\"webrtc_offer\",\"toUser\":\"b\",\"payload\":" + deepEnough + "}"));
    assertEquals(ErrorCode.BAD_JSON, invalid("{\"type\":\"webrtc_offer\",\"payload\":{").code());
  }

  @Test
  void writesSignalingAsJsonbWould() {
    String payload = "{\"candidate\":\"candidate:1 1 udp 2122260223 10.0.0.1 5000 typ host\"}";
    String messageId = "q\"\\\u0001\u2028é👋";
    String frame =
        ServerMessageEncoder.signal(
            SignalType.CANDIDATE, "a", "b", payload, messageId, "2026-01-01T00:00:00.000Z");
    ServerMessage.Candidate read =
        assertInstanceOf(
            ServerMessage.Candidate.class, Json.JSONB.fromJson(frame, ServerMessage.class));
    assertEquals("a", read.fromUser());
    assertEquals("b", read.toUser());
    assertEquals(messageId, read.messageId());
    assertEquals("2026-01-01T00:00:00.000Z", read.createTime());
    assertEquals(Json.JSONB.fromJson(payload, jakarta.json.JsonValue.class), read.payload());
    assertInstanceOf(
        ServerMessage.Hangup.class,
        Json.JSONB.fromJson(
            ServerMessageEncoder.signal(SignalType.HANGUP, "a", "b", null, null, "t"),
            ServerMessage.class));
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

  @Test
  void everyHostileFrameIsReadOrRefusedNeverThrown() {
    FrameFuzzer fuzzer = new FrameFuzzer(7, List.of("a", "b"));
    Set<FrameFuzzer.Category> alwaysInvalid =
        EnumSet.of(
            FrameFuzzer.Category.TRUNCATED_JSON,
            FrameFuzzer.Category.DEEP_NESTING,
            FrameFuzzer.Category.UNKNOWN_TYPE);
    for (int i = 0; i < 20_000; i++) {
      FrameFuzzer.Frame frame = fuzzer.next();
      ClientMessage message = ClientMessageDecoder.read(frame.text());
      assertNotNull(message, frame.category() + ": " + frame.text());
      if (alwaysInvalid.contains(frame.category())) {
        assertInstanceOf(
            ClientMessage.Invalid.class, message, frame.category() + ": " + frame.text());
      }
    }
  }

  @Test
  void aMessageIdOverItsBoundMakesTheFrameInvalidAndIsNotEchoed() {
    String bound = "m".repeat(ClientMessageDecoder.MAX_MESSAGE_ID);
    assertEquals(
        bound,
        ClientMessageDecoder.read("{\"type\":\"ping\",\"messageId\":\"" + bound + "\"}")
            .messageId());
    for (String frame :
        List.of(
            "{\"type\":\"ping\",\"messageId\":\"" + bound + "m\"}",
            "{\"type\":\"hangup\",\"toUser\":\"b\",\"messageId\":\"" + bound + "m\"}")) {
      ClientMessage.Invalid invalid = invalid(frame);
      assertEquals(ErrorCode.BAD_MESSAGE, invalid.code());
      assertTrue(invalid.details().contains("messageId"), invalid.details());
      assertNull(invalid.messageId());
    }
  }

  @Test
  void aRefusedFramesMessageIdIsSeenWithoutParsingWhenPlain() {
    assertEquals(
        "p1", ClientMessageDecoder.peekMessageId("{\"type\":\"ping\",\"messageId\":\"p1\"}"));
    assertEquals("p2", ClientMessageDecoder.peekMessageId("{\"messageId\" : \n\"p2\", broken"));
    assertEquals("", ClientMessageDecoder.peekMessageId("{\"messageId\":\"\"}"));
    assertNull(ClientMessageDecoder.peekMessageId("{\"messageId\":\"a\\\"b\"}"));
    assertNull(ClientMessageDecoder.peekMessageId("{\"messageId\":7}"));
    assertNull(ClientMessageDecoder.peekMessageId("{\"messageId\":\"unterminated"));
    assertNull(ClientMessageDecoder.peekMessageId("{\"type\":\"ping\"}"));
    String bound = "m".repeat(ClientMessageDecoder.MAX_MESSAGE_ID);
    assertEquals(bound, ClientMessageDecoder.peekMessageId("{\"messageId\":\"" + bound + "\"}"));
    assertNull(ClientMessageDecoder.peekMessageId("{\"messageId\":\"" + bound + "m\"}"));
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
    assertTrue(json.startsWith("{\"type\":\"peer_joined\""), json);
    assertTrue(json.contains("\"payload\":{\"peerId\":\"u2\",\"room\":\"r\"}"), json);
  }
}
