package dev.duet.domain;

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
 * <p>Not thread-safe: callers hold the room's monitor while they use it.
 */
public final class Room {
  private final String id;
  private final int capacity;
  private final Instant createdAt;
  private final Set<String> members = new LinkedHashSet<>();
  private Instant lastActiveAt;
  private boolean removed;

  public Room(String id, int capacity, Instant createdAt) {
    this(id, capacity, createdAt, createdAt);
  }

  /**
   * A room restored from storage with the members whose sessions were restored, in join order (at
   * most {@code capacity} of them are kept).
   */
  public static Room restored(
      String id, int capacity, Instant createdAt, Instant lastActiveAt, List<String> members) {
    Room room = new Room(id, capacity, createdAt, lastActiveAt);
    members.stream().limit(capacity).forEach(room.members::add);
    return room;
  }

  private Room(String id, int capacity, Instant createdAt, Instant lastActiveAt) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1");
    }
    this.id = Identifiers.requireRoomId(id);
    this.capacity = capacity;
    this.createdAt = createdAt;
    this.lastActiveAt = lastActiveAt;
  }

  /** What joining did: whether the user is new here, who is in now, and roles if a pair formed. */
  public record JoinOutcome(
      boolean newMember, List<String> members, Optional<RoleAssignment> roles) {}

  /**
   * Adds a member, or confirms one already there.
   *
   * @throws RuleViolation {@link ErrorCode#ROOM_FULL} when the room has no place left
   */
  public JoinOutcome join(String userId, Instant now) {
    if (removed) {
      throw new IllegalStateException("room " + id + " was removed");
    }
    if (members.contains(userId)) {
      return new JoinOutcome(false, members(), Optional.empty());
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

  /** The state worth keeping across restarts. */
  public RoomSnapshot snapshot(Duration ttl) {
    return new RoomSnapshot(id, createdAt, lastActiveAt, expiresAt(ttl).orElse(null));
  }
}
