package dev.duet.interfaces.websocket;

import dev.duet.domain.ErrorCode;
import dev.duet.domain.SignalType;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParserFactory;
import java.io.StringReader;
import java.util.Map;

/**
 * Reads the signaling messages ({@code webrtc_offer}, {@code webrtc_answer}, {@code
 * webrtc_candidate}, {@code hangup}) in one streaming pass, without building their payload: the
 * payload is checked to be well-formed JSON and kept as the exact text the client sent, to be
 * passed on as it is. This is the relay path, so it makes no tree and re-serialises nothing. A
 * payload may nest at most {@value #MAX_DEPTH} levels deep; its size is bounded by {@code
 * MAX_MESSAGE_BYTES}.
 */
final class SignalReader {
  static final int MAX_DEPTH = 32;

  private static final JsonParserFactory PARSERS = jakarta.json.Json.createParserFactory(null);

  private static final Map<String, SignalType> TYPES =
      Map.of(
          "webrtc_offer", SignalType.OFFER,
          "webrtc_answer", SignalType.ANSWER,
          "webrtc_candidate", SignalType.CANDIDATE,
          "hangup", SignalType.HANGUP);

  private SignalReader() {}

  /** The wire name of a signaling type, e.g. {@code webrtc_offer}. */
  static String wireName(SignalType type) {
    return switch (type) {
      case OFFER -> "webrtc_offer";
      case ANSWER -> "webrtc_answer";
      case CANDIDATE -> "webrtc_candidate";
      case HANGUP -> "hangup";
    };
  }

  /**
   * Reads a frame if it is a signaling message: a {@link ClientMessage.Relay}, or {@link
   * ClientMessage.Invalid} when a field has the wrong type. Returns null for every other frame,
   * including frames that are not JSON, which the caller reads and diagnoses in full.
   */
  static ClientMessage read(String text) {
    try (JsonParser parser = PARSERS.createParser(new StringReader(text))) {
      if (parser.next() != JsonParser.Event.START_OBJECT) {
        return null;
      }
      String type = null;
      String toUser = null;
      String messageId = null;
      String payload = null;
      String wrong = null;
      boolean tooDeep = false;
      JsonParser.Event event;
      while ((event = parser.next()) == JsonParser.Event.KEY_NAME) {
        String key = parser.getString();
        long afterKey = parser.getLocation().getStreamOffset();
        JsonParser.Event value = parser.next();
        switch (key) {
          case "type" -> type = value == JsonParser.Event.VALUE_STRING ? parser.getString() : null;
          case "toUser" -> {
            toUser = stringOrNull(parser, value);
            wrong = toUser == null && value != JsonParser.Event.VALUE_NULL ? key : wrong;
          }
          case "messageId" -> {
            messageId = stringOrNull(parser, value);
            wrong = messageId == null && value != JsonParser.Event.VALUE_NULL ? key : wrong;
          }
          case "payload" -> {
            int start = valueStart(text, afterKey);
            tooDeep = skip(parser, value) > MAX_DEPTH;
            payload =
                value == JsonParser.Event.VALUE_NULL
                    ? null
                    : text.substring(start, (int) parser.getLocation().getStreamOffset());
          }
          default -> skip(parser, value);
        }
      }
      if (event != JsonParser.Event.END_OBJECT
          || valueStart(text, parser.getLocation().getStreamOffset()) < text.length()) {
        return null;
      }
      SignalType signal = type == null ? null : TYPES.get(type);
      if (signal == null) {
        return null;
      }
      if (tooDeep) {
        return new ClientMessage.Invalid(
            true,
            ErrorCode.BAD_MESSAGE,
            "Invalid message structure",
            "the payload of " + type + " nests more than " + MAX_DEPTH + " levels deep");
      }
      if (wrong != null) {
        return new ClientMessage.Invalid(
            true,
            ErrorCode.BAD_MESSAGE,
            "Invalid message structure",
            "a field of " + type + " has the wrong type: " + wrong + " is not a string");
      }
      return new ClientMessage.Relay(signal, toUser, payload, messageId);
    } catch (RuntimeException notReadable) {
      // JsonException, or what the parser throws past its own limits (nesting over 1,000 levels)
      return null;
    }
  }

  private static String stringOrNull(JsonParser parser, JsonParser.Event value) {
    if (value == JsonParser.Event.VALUE_STRING) {
      return parser.getString();
    }
    skip(parser, value);
    return null;
  }

  /** Skips a value and returns how deep it nests (0 for a scalar). */
  private static int skip(JsonParser parser, JsonParser.Event value) {
    if (value != JsonParser.Event.START_OBJECT && value != JsonParser.Event.START_ARRAY) {
      return 0;
    }
    int depth = 1;
    int deepest = 1;
    while (depth > 0) {
      switch (parser.next()) {
        case START_OBJECT, START_ARRAY -> deepest = Math.max(deepest, ++depth);
        case END_OBJECT, END_ARRAY -> depth--;
        default -> {}
      }
    }
    return deepest;
  }

  /** Skips the blanks and the colon between a key and its value, or after the last brace. */
  private static int valueStart(String text, long from) {
    int i = (int) from;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c != ':' && c != ' ' && c != '\t' && c != '\n' && c != '\r') {
        return i;
      }
      i++;
    }
    return i;
  }
}
