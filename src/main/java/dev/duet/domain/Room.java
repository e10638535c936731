package dev.duet.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A call room joined by id: the aggregate that decides who is in, who is refused and which roles a
 * pair gets.
 *
 * <p>Rules: at most {@code capacity} members; joining twice is harmless and tells nobody; when the
 * room reaches two members the earlier member is polite and the newcomer impolite (the newcomer
 * sends the offer). An empty room is kept for a time-to-live counted from its last activity, then
 * removed; a removed room accepts nobody and its id may be used again by a new room.
 *
 * <p>A room may be protected by a passcode, fixed by whoever creates it: only a joiner presenting
 * the same passcode gets in, and one presenting a passcode to a room without it is refused too (a
 * name taken first by someone else is not the room its joiner meant). Either refusal is {@link
 * ErrorCode#WRONG_PASSCODE}, before anything else is told (not even whether the room is full). The
 * room holds the passcode as a keyed digest ({@code passcode}), compared in constant time.
 *
 * <p>Not thread-safe: callers hold the room's monitor while they use it.
 */
public final class Room {
  private final String id;
  private final int capacity;
  private final Instant createdAt;
  private final String passcode;
  private final Set<String> members = new LinkedHashSet<>();
  private Instant lastActiveAt;
  private boolean removed;

  /** A new room, protected by the passcode digest {@code passcode} (null: none). */
  public Room(String id, int capacity, Instant createdAt, String passcode) {
    this(id, capacity, createdAt, createdAt, passcode);
  }

  /**
   * A room restored from storage with the members whose sessions were restored, in join order (at
   * most {@code capacity} of them are kept).
   */
  public static Room restored(
      String id,
      int capacity,
      Instant createdAt,
      Instant lastActiveAt,
      String passcode,
      List<String> members) {
    Room room = new Room(id, capacity, createdAt, lastActiveAt, passcode);
    members.stream().limit(capacity).forEach(room.members::add);
    return room;
  }

  private Room(String id, int capacity, Instant createdAt, Instant lastActiveAt, String passcode) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1");
    }
    this.id = Identifiers.requireRoomId(id);
    this.capacity = capacity;
    this.createdAt = createdAt;
    this.lastActiveAt = lastActiveAt;
    this.passcode = passcode;
  }

  /** What joining did: whether the user is new here, who is in now, and roles if a pair formed. */
  public record JoinOutcome(
      boolean newMember, List<String> members, Optional<RoleAssignment> roles) {}

  /**
   * Adds a member who presents the passcode digest {@code passcode} (null: none), or confirms one
   * already there.
   *
   * @throws RuleViolation {@link ErrorCode#WRONG_PASSCODE} when it is not the room's, {@link
   *     ErrorCode#ROOM_FULL} when the room has no place left
   */
  public JoinOutcome join(String userId, String passcode, Instant now) {
    if (removed) {
      throw new IllegalStateException("room " + id + " was removed");
    }
    if (members.contains(userId)) {
      return new JoinOutcome(false, members(), Optional.empty());
    }
    if (!opensWith(passcode)) {
      throw wrongPasscode(id);
    }
    if (members.size() >= capacity) {
      throw new RuleViolation(ErrorCode.ROOM_FULL, "Room " + id + " is full.");
    }
    Optional<RoleAssignment> roles =
        members.size() == 1
            ? Optional.of(new RoleAssignment(members.iterator().next(), userId))
            : Optional.empty();
    members.add(userId);
    lastActiveAt = now;
    return new JoinOutcome(true, members(), roles);
  }

  /** Whether {@code passcode} (a digest, or null) is this room's; in constant time. */
  private boolean opensWith(String passcode) {
    return this.passcode == null
        ? passcode == null
        : passcode != null
            && MessageDigest.isEqual(
                this.passcode.getBytes(StandardCharsets.UTF_8),
                passcode.getBytes(StandardCharsets.UTF_8));
  }

  /** The refusal of a joiner whose passcode is not the room's. */
  public static RuleViolation wrongPasscode(String roomId) {
    return new RuleViolation(
        ErrorCode.WRONG_PASSCODE,
        "Room " + roomId + " needs its passcode, or is someone else's room: check the link.");
  }

  /** Removes a member; returns false if the user was not in the room. */
  public boolean leave(String userId, Instant now) {
    boolean left = members.remove(userId);
    if (left) {
      lastActiveAt = now;
    }
    return left;
  }

  public boolean contains(String userId) {
    return members.contains(userId);
  }

  /** The members in the order they joined. */
  public List<String> members() {
    return List.copyOf(members);
  }

  /** The other members, in the order they joined. */
  public List<String> membersExcept(String userId) {
    List<String> others = new ArrayList<>(members);
    others.remove(userId);
    return others;
  }

  public boolean isEmpty() {
    return members.isEmpty();
  }

  /** When an empty room may be removed; empty while anybody is in it. */
  public Optional<Instant> expiresAt(Duration ttl) {
    return members.isEmpty() ? Optional.of(lastActiveAt.plus(ttl)) : Optional.empty();
  }

  public boolean isExpired(Instant now, Duration ttl) {
    return expiresAt(ttl).map(expiry -> !expiry.isAfter(now)).orElse(false);
  }

  /** Marks the room as gone; from now on it accepts nobody. */
  public void remove() {
    removed = true;
  }

  public boolean isRemoved() {
    return removed;
  }

  public String id() {
    return id;
  }

  public Instant createdAt() {
    return createdAt;
  }

  public Instant lastActiveAt() {
    return lastActiveAt;
  }

  /** The digest of the room's passcode; null for a room without one. */
  public String passcode() {
    return passcode;
  }

  /** The state worth keeping across restarts. */
  public RoomSnapshot snapshot(Duration ttl) {
    return new RoomSnapshot(id, createdAt, lastActiveAt, expiresAt(ttl).orElse(null), passcode);
  }
}
