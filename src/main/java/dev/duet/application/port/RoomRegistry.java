package dev.duet.application.port;

import dev.duet.domain.Room;
import dev.duet.domain.RoomSnapshot;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Port: the rooms and who is in them, with the rules of the {@link Room} aggregate (capacity, join
 * order, roles when a pair forms, removal of rooms left empty for {@code ROOM_TTL}). Each operation
 * is atomic for its room, across every instance of a cluster; a single instance keeps the rooms in
 * memory. It tells nobody anything: {@link dev.duet.application.RoomService} does.
 *
 * <p>It is the one record of who is in which room: a session keeps no list of its rooms, and
 * everything that asks which rooms a user is in, or whether two users share one, asks here. The
 * relay path asks {@link #shareRoom} for every message between room peers, so it costs one round
 * trip to a shared store, whatever the number of rooms.
 */
public interface RoomRegistry {

  /** What a join did, and the room as it is now. */
  record Joined(Room.JoinOutcome outcome, RoomSnapshot room) {}

  /** Who is still in the room a user left, and the room as it is now. */
  record Left(List<String> members, RoomSnapshot room) {}

  /**
   * Puts the user in the room, creating the room if needed (protected by {@code passcode}, a keyed
   * digest, when it is not null), or confirms a member.
   *
   * @throws dev.duet.domain.RuleViolation {@code wrong_passcode} when {@code passcode} is not the
   *     room's, {@code room_full} when the room has no place left
   */
  Joined join(String roomId, String userId, String passcode, Instant now);

  /** Takes the user out of the room; empty if the user was not in it. */
  Optional<Left> leave(String roomId, String userId, Instant now);

  /** The members in join order; empty when the room does not exist. */
  List<String> members(String roomId);

  /** The rooms the user is in. */
  Set<String> roomsOf(String userId);

  /** Whether the two users are in at least one room together; one read. */
  boolean shareRoom(String userId, String otherUserId);

  /** Removes the rooms empty for longer than {@code ROOM_TTL}; returns their ids. */
  List<String> removeExpired(Instant now);

  /** Puts back a room of an earlier run with its members (a single instance's restart). */
  void restore(Room room);

  /** Every room held, empty ones included; one read. */
  int rooms();

  /** Rooms with at least one member. */
  int activeRooms();

  /** Rooms kept while empty, until their time-to-live runs out. */
  int emptyRooms();
}
