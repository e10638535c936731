package dev.duet.interfaces.websocket;

import dev.duet.domain.ErrorCode;
import dev.duet.domain.SignalType;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.bind.annotation.JsonbSubtype;
import jakarta.json.bind.annotation.JsonbTypeInfo;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParserFactory;
import jakarta.websocket.Decoder;
import java.io.StringReader;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Reads client frames, the one decoder of the protocol. It never throws: a frame that is not a
 * known message becomes {@link ClientMessage.Invalid}, and the work of finding out why is done only
 * then, off the normal path.
 *
 * <p>Signaling ({@link SignalType}) is read in one streaming pass, without building its payload:
 * the payload is checked to be well-formed JSON and kept as the exact text the client sent, to be
 * passed on as it is. This is the relay path, so it makes no tree and re-serialises nothing. A
 * payload may nest at most {@value #MAX_DEPTH} levels deep; its size is bounded by {@code
 * MAX_MESSAGE_BYTES}. Every other message is read by JSON-B into its {@link ClientMessage} record.
 */
public class ClientMessageDecoder implements Decoder.Text<ClientMessage> {
  /** How deep a signaling payload may nest. */
  static final int MAX_DEPTH = 32;

  /** How long a {@code messageId} may be, in UTF-16 characters. */
  static final int MAX_MESSAGE_ID = 128;

  private static final JsonParserFactory PARSERS = jakarta.json.Json.createParserFactory(null);

  private static final Set<String> TYPES =
      Stream.concat(
              Arrays.stream(ClientMessage.class.getAnnotation(JsonbTypeInfo.class).value())
                  .map(JsonbSubtype::alias),
              Arrays.stream(SignalType.values()).map(SignalType::wireName))
          .collect(Collectors.toUnmodifiableSet());

  @Override
  public ClientMessage decode(String text) {
    return read(text);
  }

  @Override
  public boolean willDecode(String text) {
    return true;
  }

  /**
   * Reads one frame; signaling is read as {@link ClientMessage.Relay}. A {@code messageId} over
   * {@value #MAX_MESSAGE_ID} characters makes the frame invalid: it is never echoed back.
   */
  public static ClientMessage read(String text) {
    ClientMessage message = readAny(text);
    String messageId = message.messageId();
    return messageId != null && messageId.length() > MAX_MESSAGE_ID
        ? structure("a messageId has at most " + MAX_MESSAGE_ID + " characters")
        : message;
  }

  /**
   * The {@code messageId} of a frame as far as it can be seen without parsing it: the first {@code
   * "messageId"} key's value when that is a plain string (no escapes) of at most {@value
   * #MAX_MESSAGE_ID} characters, else null. For answering a frame refused before it is read; a
   * {@code "messageId"} inside another value may be taken for it, which only names the refusal.
   */
  static String peekMessageId(String text) {
    int key = text.indexOf("\"messageId\"");
    if (key < 0) {
      return null;
    }
    int i = key + "\"messageId\"".length();
    while (i < text.length() && " \t\r\n:".indexOf(text.charAt(i)) >= 0) {
      i++;
    }
    if (i >= text.length() || text.charAt(i) != '"') {
      return null;
    }
    int start = i + 1;
    int end = start;
    while (end < text.length() && end - start <= MAX_MESSAGE_ID) {
      char c = text.charAt(end);
      if (c == '"') {
        return text.substring(start, end);
      }
      if (c == '\\' || c < ' ') {
        return null;
      }
      end++;
    }
    return null;
  }

  private static ClientMessage readAny(String text) {
    ClientMessage signal = readSignal(text);
    if (signal != null) {
      return signal;
    }
    if (!text.strip().startsWith("{")) {
      return diagnose(text, null);
    }
    try {
      ClientMessage message = Json.JSONB.fromJson(text, ClientMessage.class);
      if (message != null) {
        return message;
      }
    } catch (RuntimeException e) {
      // JsonbException, or what the parser throws past its own limits (nesting over 1,000 levels)
      return diagnose(text, e);
    }
    return structure("a message is a JSON object with a type");
  }

  /**
   * Reads a frame if it is a signaling message: a {@link ClientMessage.Relay}, or {@link
   * ClientMessage.Invalid} when a field has the wrong type. Returns null for every other frame,
   * including frames that are not JSON, which the caller reads and diagnoses in full.
   */
  private static ClientMessage readSignal(String text) {
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
      SignalType signal = SignalType.ofWireName(type);
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

  private static ClientMessage.Invalid diagnose(String text, RuntimeException failure) {
    JsonValue value;
    try (JsonReader reader = jakarta.json.Json.createReader(new StringReader(text))) {
      value = reader.readValue();
    } catch (RuntimeException e) {
      return new ClientMessage.Invalid(
          true, ErrorCode.BAD_JSON, "Invalid JSON", firstLine(e.getMessage()));
    }
    if (!(value instanceof JsonObject object)) {
      return structure("a message is a JSON object with a type");
    }
    if (!(object.get("type") instanceof JsonString type)) {
      return structure("the type field is missing or not a string");
    }
    if (!TYPES.contains(type.getString())) {
      String shown = type.getString();
      shown = shown.length() > 64 ? shown.substring(0, 64) + "..." : shown;
      return new ClientMessage.Invalid(
          false, ErrorCode.UNKNOWN_TYPE, "Unknown message type: " + shown, null);
    }
    return structure(
        "a field of "
            + type.getString()
            + " has the wrong type: "
            + (failure == null ? "" : firstLine(failure.getMessage())));
  }

  static ClientMessage.Invalid structure(String details) {
    return new ClientMessage.Invalid(
        true, ErrorCode.BAD_MESSAGE, "Invalid message structure", details);
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    String line = message.lines().findFirst().orElse("");
    line = line.replaceAll("(?:[a-z]\\w*\\.)+([A-Z][\\w$]*)", "$1");
    return line.length() > 200 ? line.substring(0, 200) + "..." : line;
  }
}
