package dev.duet.interfaces.websocket;

import dev.duet.domain.ErrorCode;
import dev.duet.domain.SignalType;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.bind.annotation.JsonbSubtype;
import jakarta.json.bind.annotation.JsonbTypeInfo;
import jakarta.websocket.Decoder;
import java.io.StringReader;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads client frames. It never throws: a frame that is not a known message becomes {@link
 * ClientMessage.Invalid}, and the work of finding out why is done only then, off the normal path.
 */
public class ClientMessageDecoder implements Decoder.Text<ClientMessage> {
  private static final Set<String> TYPES =
      Arrays.stream(ClientMessage.class.getAnnotation(JsonbTypeInfo.class).value())
          .map(JsonbSubtype::alias)
          .collect(Collectors.toUnmodifiableSet());

  @Override
  public ClientMessage decode(String text) {
    return read(text);
  }

  @Override
  public boolean willDecode(String text) {
    return true;
  }

  /** Reads one frame; signaling is read as {@link ClientMessage.Relay}. */
  public static ClientMessage read(String text) {
    ClientMessage signal = SignalReader.read(text);
    if (signal != null) {
      return signal;
    }
    if (!text.strip().startsWith("{")) {
      return diagnose(text, null);
    }
    try {
      ClientMessage message = Json.JSONB.fromJson(text, ClientMessage.class);
      if (message instanceof ClientMessage.Signal unusual) {
        return relay(unusual);
      }
      if (message != null) {
        return message;
      }
    } catch (RuntimeException e) {
      // JsonbException, or what the parser throws past its own limits (nesting over 1,000 levels)
      return diagnose(text, e);
    }
    return structure("a message is a JSON object with a type");
  }

  private static ClientMessage.Relay relay(ClientMessage.Signal signal) {
    SignalType type = SignalType.HANGUP;
    if (signal instanceof ClientMessage.Offer) {
      type = SignalType.OFFER;
    } else if (signal instanceof ClientMessage.Answer) {
      type = SignalType.ANSWER;
    } else if (signal instanceof ClientMessage.Candidate) {
      type = SignalType.CANDIDATE;
    }
    return new ClientMessage.Relay(
        type,
        signal.toUser(),
        signal.payload() == null ? null : signal.payload().toString(),
        signal.messageId());
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

  private static ClientMessage.Invalid structure(String details) {
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
