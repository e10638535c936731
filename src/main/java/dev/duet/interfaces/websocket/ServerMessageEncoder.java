package dev.duet.interfaces.websocket;

import dev.duet.domain.SignalType;
import jakarta.websocket.Encoder;

/** Writes server frames with the shared {@link Json#JSONB}. */
public class ServerMessageEncoder implements Encoder.Text<ServerMessage> {

  @Override
  public String encode(ServerMessage message) {
    return write(message);
  }

  /** Writes one frame. */
  public static String write(ServerMessage message) {
    return Json.JSONB.toJson(message);
  }

  /**
   * Writes relayed signaling, the frame JSON-B would write for the matching {@link
   * ServerMessage.Signal} record, with the payload copied in as the sender wrote it. {@code from}
   * and {@code to} are user ids, which need no escaping.
   */
  public static String signal(
      SignalType type, String from, String to, String payload, String messageId, String time) {
    StringBuilder frame =
        new StringBuilder(96 + (payload == null ? 0 : payload.length()))
            .append("{\"type\":\"")
            .append(SignalReader.wireName(type))
            .append("\",\"fromUser\":\"")
            .append(from)
            .append("\",\"toUser\":\"")
            .append(to)
            .append('"');
    if (payload != null) {
      frame.append(",\"payload\":").append(payload);
    }
    if (messageId != null) {
      frame.append(",\"messageId\":");
      quote(frame, messageId);
    }
    return frame.append(",\"createTime\":\"").append(time).append("\"}").toString();
  }

  private static void quote(StringBuilder out, String text) {
    out.append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    out.append('"');
  }
}
