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

  /** Whether the session's connection is open. */
  public enum State {
    OPEN,
    CLOSED
  }
}
