package dev.duet.domain;

import java.time.Instant;

/**
 * A session as it is persisted. Only a hash of the session token is ever kept; no message content
 * is.
 */
public record SessionRecord(
    String sessionId,
    String userId,
    String tokenHash,
    Instant createdAt,
    Instant lastSeenAt,
    State state) {

  /**
   * Whether a connection serves the session ({@code OPEN}), it waits for its client to come back
   * ({@code RECONNECTING}), it has ended ({@code CLOSED}), or the user ended it with {@code leave}
   * ({@code LEFT}): its token then opens nothing any more.
   */
  public enum State {
    OPEN,
    RECONNECTING,
    CLOSED,
    LEFT
  }
}
