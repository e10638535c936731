package dev.duet.infrastructure.memory;

import dev.duet.application.port.RoomRegistry;
import dev.duet.application.settings.Settings;
import dev.duet.domain.Room;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** The rooms of a single instance: {@link Room} aggregates, each changed under its own monitor. */
@ApplicationScoped
@Typed(InMemoryRoomRegistry.class)
public class InMemoryRoomRegistry implements RoomRegistry {
  private final ConcurrentMap<String, Room> rooms = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, Set<String>> roomsByUser = new ConcurrentHashMap<>();

  @Inject Settings settings;

  /** One for these settings, outside a container. */
  public static InMemoryRoomRegistry of(Settings settings) {
    InMemoryRoomRegistry made = new InMemoryRoomRegistry();
    made.settings = settings;
    return made;
  }

  @Override
  public Joined join(String roomId, String userId, String passcode, Instant now) {
    while (true) {
      Room room =
          rooms.computeIfAbsent(
              roomId, id -> new Room(id, settings.rooms().roomCapacity(), now, passcode));
      synchronized (room) {
        if (room.isRemoved()) {
          continue;
        }
        Room.JoinOutcome outcome = room.join(userId, passcode, now);
        roomsByUser.computeIfAbsent(userId, id -> ConcurrentHashMap.newKeySet()).add(roomId);
        return new Joined(outcome, room.snapshot(settings.rooms().roomTtl()));
      }
    }
  }

  @Override
  public Optional<Left> leave(String roomId, String userId, Instant now) {
    Room room = rooms.get(roomId);
    if (room == null) {
      return Optional.empty();
    }
    synchronized (room) {
      if (!room.leave(userId, now)) {
        return Optional.empty();
      }
      roomsByUser.computeIfPresent(
          userId,
          (id, ids) -> {
            ids.remove(roomId);
            return ids.isEmpty() ? null : ids;
          });
      return Optional.of(new Left(room.members(), room.snapshot(settings.rooms().roomTtl())));
    }
  }

  @Override
  public List<String> members(String roomId) {
    Room room = rooms.get(roomId);
    if (room == null) {
      return List.of();
    }
    synchronized (room) {
      return room.members();
    }
  }

  @Override
  public Set<String> roomsOf(String userId) {
    Set<String> ids = roomsByUser.get(userId);
    return ids == null ? Set.of() : Set.copyOf(ids);
  }

  @Override
  public boolean shareRoom(String userId, String otherUserId) {
    Set<String> mine = roomsByUser.get(userId);
    Set<String> theirs = roomsByUser.get(otherUserId);
    if (mine == null || theirs == null) {
      return false;
    }
    if (theirs.size() < mine.size()) {
      Set<String> smaller = theirs;
      theirs = mine;
      mine = smaller;
    }
    for (String roomId : mine) {
      if (theirs.contains(roomId)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public List<String> removeExpired(Instant now) {
    List<String> removed = new ArrayList<>();
    for (Room room : rooms.values()) {
      synchronized (room) {
        if (room.isExpired(now, settings.rooms().roomTtl())) {
          room.remove();
          rooms.remove(room.id(), room);
          removed.add(room.id());
        }
      }
    }
    return removed;
  }

  @Override
  public void restore(Room room) {
    rooms.put(room.id(), room);
    for (String userId : room.members()) {
      roomsByUser.computeIfAbsent(userId, id -> ConcurrentHashMap.newKeySet()).add(room.id());
    }
  }

  @Override
  public int rooms() {
    return rooms.size();
  }

  @Override
  public int activeRooms() {
    int active = 0;
    for (Room room : rooms.values()) {
      synchronized (room) {
        active += room.isEmpty() ? 0 : 1;
      }
    }
    return active;
  }

  @Override
  public int emptyRooms() {
    return rooms() - activeRooms();
  }
}
