package dev.duet.interfaces.websocket;

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
}
