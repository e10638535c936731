package dev.duet.infrastructure.redis;

import dev.duet.application.port.RoomRegistry;
import dev.duet.application.settings.Settings;
import dev.duet.domain.ErrorCode;
import dev.duet.domain.RoleAssignment;
import dev.duet.domain.Room;
import dev.duet.domain.RoomSnapshot;
import dev.duet.domain.RuleViolation;
import io.lettuce.core.ScriptOutputType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The rooms of a cluster, in Redis: {@code duet:room:ID} lists the members in join order, {@code
 * duet:room:ID:meta} holds when the room was created and last active and its passcode digest,
 * {@code duet:user:ID:rooms} the rooms of each user, {@code duet:rooms} every room and {@code
 * duet:rooms:empty} the empty ones by the time they became empty. Joining and leaving are one Lua
 * script each, with the {@link Room} aggregate's rules, so two instances never put a third member
 * in a pair; every instance removes expired rooms, each one once.
 */
@ApplicationScoped
@Typed(RedisRoomRegistry.class)
public class RedisRoomRegistry implements RoomRegistry {
  private static final RedisScript JOIN = RedisScript.load("room-join.lua");
  private static final RedisScript LEAVE = RedisScript.load("room-leave.lua");
  private static final RedisScript EXPIRE = RedisScript.load("room-expire.lua");
  private static final RedisScript RESTORE = RedisScript.load("room-restore.lua");

  @Inject RedisConnection redis;
  @Inject Settings settings;

  /** One over this connection, outside a container. */
  public static RedisRoomRegistry of(RedisConnection redis, Settings settings) {
    RedisRoomRegistry made = new RedisRoomRegistry();
    made.redis = redis;
    made.settings = settings;
    return made;
  }

  @Override
  public Joined join(String roomId, String userId, String passcode, Instant now) {
    List<Object> reply =
        JOIN.run(
            redis.commands(),
            ScriptOutputType.MULTI,
            roomId,
            userId,
            Integer.toString(settings.rooms().roomCapacity()),
            millis(now),
            passcode == null ? "" : passcode);
    if (((Long) reply.get(0)) == -2) {
      throw Room.wrongPasscode(roomId);
    }
    if (((Long) reply.get(0)) < 0) {
      throw new RuleViolation(ErrorCode.ROOM_FULL, "Room " + roomId + " is full.");
    }
    boolean newMember = ((Long) reply.get(0)) == 1;
    List<String> members = strings(reply.subList(4, reply.size()));
    Optional<RoleAssignment> roles =
        newMember && members.size() == 2
            ? Optional.of(new RoleAssignment(members.get(0), members.get(1)))
            : Optional.empty();
    return new Joined(
        new Room.JoinOutcome(newMember, members, roles),
        snapshot(roomId, reply.get(1), reply.get(2), members, passcode(reply.get(3))));
  }

  @Override
  public Optional<Left> leave(String roomId, String userId, Instant now) {
    List<Object> reply =
        LEAVE.run(redis.commands(), ScriptOutputType.MULTI, roomId, userId, millis(now));
    if (reply == null || reply.isEmpty()) {
      return Optional.empty();
    }
    List<String> members = strings(reply.subList(3, reply.size()));
    return Optional.of(
        new Left(
            members,
            snapshot(roomId, reply.get(0), reply.get(1), members, passcode(reply.get(2)))));
  }

  @Override
  public List<String> members(String roomId) {
    return redis.commands().lrange("duet:room:" + roomId, 0, -1);
  }

  @Override
  public Set<String> roomsOf(String userId) {
    return Set.copyOf(redis.commands().smembers(roomsKey(userId)));
  }

  @Override
  public boolean shareRoom(String userId, String otherUserId) {
    return !redis.commands().sinter(roomsKey(userId), roomsKey(otherUserId)).isEmpty();
  }

  private static String roomsKey(String userId) {
    return "duet:user:" + userId + ":rooms";
  }

  @Override
  public List<String> removeExpired(Instant now) {
    List<Object> removed =
        EXPIRE.run(
            redis.commands(),
            ScriptOutputType.MULTI,
            millis(now.minus(settings.rooms().roomTtl())));
    return strings(removed);
  }

  @Override
  public void restore(Room room) {
    List<String> args = new ArrayList<>();
    args.add(room.id());
    args.add(millis(room.createdAt()));
    args.add(millis(room.lastActiveAt()));
    args.add(room.passcode() == null ? "" : room.passcode());
    args.addAll(room.members());
    RESTORE.run(redis.commands(), ScriptOutputType.INTEGER, args.toArray(String[]::new));
  }

  @Override
  public int rooms() {
    return redis.commands().scard("duet:rooms").intValue();
  }

  @Override
  public int activeRooms() {
    return Math.max(0, rooms() - emptyRooms());
  }

  @Override
  public int emptyRooms() {
    return redis.commands().zcard("duet:rooms:empty").intValue();
  }

  private RoomSnapshot snapshot(
      String roomId, Object createdAt, Object lastActiveAt, List<String> members, String passcode) {
    Instant created = instant(createdAt);
    Instant active = instant(lastActiveAt);
    Duration ttl = settings.rooms().roomTtl();
    return new RoomSnapshot(
        roomId, created, active, members.isEmpty() ? active.plus(ttl) : null, passcode);
  }

  private static String passcode(Object stored) {
    return stored == null || String.valueOf(stored).isEmpty() ? null : String.valueOf(stored);
  }

  private static Instant instant(Object millis) {
    return Instant.ofEpochMilli(Long.parseLong(String.valueOf(millis)));
  }

  private static String millis(Instant instant) {
    return Long.toString(instant.toEpochMilli());
  }

  private static List<String> strings(List<Object> values) {
    return values == null ? List.of() : values.stream().map(String::valueOf).toList();
  }
}
