package dev.duet.interfaces.websocket;

import dev.duet.domain.SignalType;
import jakarta.websocket.Encoder;

/**
 * Writes server frames with the shared {@link Json#JSONB}. A client may name a lone surrogate in
 * JSON ({@code "\\ud800"}); UTF-8 cannot carry it raw (WildFly would send {@code ?}, Payara Micro
 * nothing at all), so every frame names it again as an escape, and text comes back as it was sent.
 */
public class ServerMessageEncoder implements Encoder.Text<ServerMessage> {

  @Override
  public String encode(ServerMessage message) {
    return write(message);
  }

  /** Writes one frame. */
  public static String write(ServerMessage message) {
    return escapeLoneSurrogates(Json.JSONB.toJson(message));
  }

  /**
   * The JSON text with every surrogate that is not half of a pair written as a {@code \\u} escape.
   */
  static String escapeLoneSurrogates(String json) {
    int first = nextLone(json, 0);
    if (first < 0) {
      return json;
    }
    StringBuilder out = new StringBuilder(json.length() + 12).append(json, 0, first);
    for (int at = first; at >= 0; ) {
      escape(out, json.charAt(at));
      int next = nextLone(json, at + 1);
      out.append(json, at + 1, next < 0 ? json.length() : next);
      at = next;
    }
    return out.toString();
  }

  private static int nextLone(CharSequence text, int from) {
    for (int i = from; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isSurrogate(c)) {
        if (Character.isHighSurrogate(c)
            && i + 1 < text.length()
            && Character.isLowSurrogate(text.charAt(i + 1))) {
          i++;
        } else {
          return i;
        }
      }
    }
    return -1;
  }

  private static void escape(StringBuilder out, char c) {
    out.append(String.format("\\u%04x", (int) c));
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
            .append(type.wireName())
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
        escape(out, c);
      } else if (Character.isHighSurrogate(c)
          && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        out.append(c).append(text.charAt(++i));
      } else if (Character.isSurrogate(c)) {
        escape(out, c);
      } else {
        out.append(c);
      }
    }
    out.append('"');
  }
}
