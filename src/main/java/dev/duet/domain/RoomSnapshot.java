package dev.duet.domain;

import java.time.Instant;

/**
 * A room as it is persisted; {@code expiresAt} is null while the room has members, {@code passcode}
 * (the keyed digest of a room's passcode, never the passcode) null for a room without one.
 */
public record RoomSnapshot(
    String id, Instant createdAt, Instant lastActiveAt, Instant expiresAt, String passcode) {}
