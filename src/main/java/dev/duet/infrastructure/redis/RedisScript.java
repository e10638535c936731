package dev.duet.infrastructure.redis;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A Lua script from {@code src/main/resources/redis/}, run by its SHA-1 and sent whole only when
 * Redis does not know it (after a restart, or on first use). A script runs atomically: no other
 * command of any instance runs between its steps.
 */
final class RedisScript {
  private static final String[] NO_KEYS = new String[0];
  private final String source;
  private final String sha;

  private RedisScript(String source) {
    this.source = source;
    try {
      sha =
          HexFormat.of()
              .formatHex(
                  MessageDigest.getInstance("SHA-1")
                      .digest(source.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is part of every JVM", e);
    }
  }

  static RedisScript load(String name) {
    try (InputStream in = RedisScript.class.getResourceAsStream("/redis/" + name)) {
      if (in == null) {
        throw new IllegalStateException("redis/" + name + " is missing from the WAR");
      }
      return new RedisScript(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs the script with these arguments; its keys are made from them inside the script. */
  <T> T run(RedisCommands<String, String> redis, ScriptOutputType type, String... args) {
    try {
      return redis.evalsha(sha, type, NO_KEYS, args);
    } catch (RedisNoScriptException e) {
      return redis.eval(source, type, NO_KEYS, args);
    }
  }

  /**
   * Sends the script whole without waiting for it, for callers on an event loop; scripts sent this
   * way run in the order they were sent.
   */
  void runAsync(RedisAsyncCommands<String, String> redis, ScriptOutputType type, String... args) {
    redis.eval(source, type, NO_KEYS, args);
  }
}
