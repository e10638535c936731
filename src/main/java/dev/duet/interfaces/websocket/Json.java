package dev.duet.interfaces.websocket;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbConfig;

/**
 * The one JSON-B instance every codec and resource shares (it is thread-safe and costly to make).
 */
public final class Json {
  public static final Jsonb JSONB = JsonbBuilder.create(new JsonbConfig().withNullValues(false));

  private Json() {}
}
