package dev.duet.infrastructure.persistence;

import dev.duet.domain.RoomSnapshot;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A row of {@code rooms}; times are epoch milliseconds. */
@Entity
@Table(name = "rooms")
public class RoomEntity {
  @Id
  @Column(name = "id", length = 64)
  private String id;

  @Column(name = "created_at", nullable = false)
  private long createdAt;

  @Column(name = "last_active_at", nullable = false)
  private long lastActiveAt;

  @Column(name = "expires_at")
  private Long expiresAt;

  @Column(name = "passcode", length = 64)
  private String passcode;

  protected RoomEntity() {}

  static RoomEntity of(RoomSnapshot room) {
    RoomEntity entity = new RoomEntity();
    entity.id = room.id();
    entity.createdAt = room.createdAt().toEpochMilli();
    entity.lastActiveAt = room.lastActiveAt().toEpochMilli();
    entity.expiresAt = room.expiresAt() == null ? null : room.expiresAt().toEpochMilli();
    entity.passcode = room.passcode();
    return entity;
  }

  RoomSnapshot toSnapshot() {
    return new RoomSnapshot(
        id,
        Instant.ofEpochMilli(createdAt),
        Instant.ofEpochMilli(lastActiveAt),
        expiresAt == null ? null : Instant.ofEpochMilli(expiresAt),
        passcode);
  }
}
