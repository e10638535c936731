package dev.duet.infrastructure.persistence;

import dev.duet.domain.SessionRecord;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A row of {@code sessions}; times are epoch milliseconds, the token only as its hash. */
@Entity
@Table(name = "sessions")
public class SessionEntity {
  @Id
  @Column(name = "session_id", length = 32)
  private String sessionId;

  @Column(name = "user_id", nullable = false, length = 64)
  private String userId;

  @Column(name = "token_hash", nullable = false, length = 64)
  private String tokenHash;

  @Column(name = "created_at", nullable = false)
  private long createdAt;

  @Column(name = "last_seen_at", nullable = false)
  private long lastSeenAt;

  @Enumerated(EnumType.STRING)
  @Column(name = "state", nullable = false, length = 16)
  private SessionRecord.State state;

  protected SessionEntity() {}

  SessionRecord toRecord() {
    return new SessionRecord(
        sessionId,
        userId,
        tokenHash,
        Instant.ofEpochMilli(createdAt),
        Instant.ofEpochMilli(lastSeenAt),
        state);
  }
}
