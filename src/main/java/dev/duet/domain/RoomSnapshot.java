package dev.duet.domain;

import java.time.Instant;

/** A room as it is persisted; {@code expiresAt} is null while the room has members. */
public record RoomSnapshot(String id, Instant createdAt, Instant lastActiveAt, Instant expiresAt) {}
