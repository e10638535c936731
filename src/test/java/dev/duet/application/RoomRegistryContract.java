package dev.duet.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duet.application.port.RoomRegistry;
import dev.duet.application.settings.Settings;
import dev.duet.domain.ErrorCode;
import dev.duet.domain.RoleAssignment;
import dev.duet.domain.Room;
import dev.duet.domain.RuleViolation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The rules every {@link RoomRegistry} keeps, in memory or in Redis: the same tests run against
 * each implementation.
 */
public abstract class RoomRegistryContract {
  protected static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  protected static final Settings SETTINGS = Settings.of(Map.of("ROOM_TTL", "10s"));

  /** A registry, empty; every call returns one that shares its rooms with the others. */
  protected abstract RoomRegistry registry();

  @Test
  void aPairGetsRolesTheEarlierMemberPolite() {
    RoomRegistry rooms = registry();
    RoomRegistry.Joined first = rooms.join("r", "ann", null, T0);
    assertTrue(first.outcome().newMember());
    assertEquals(List.of("ann"), first.outcome().members());
    assertTrue(first.outcome().roles().isEmpty());
    RoomRegistry.Joined second = rooms.join("r", "bob", null, T0.plusSeconds(1));
    assertEquals(List.of("ann", "bob"), second.outcome().members());
    assertEquals(Optional.of(new RoleAssignment("ann", "bob")), second.outcome().roles());
    assertEquals(T0, second.room().createdAt());
    assertEquals(T0.plusSeconds(1), second.room().lastActiveAt());
    assertEquals(null, second.room().expiresAt());
  }

  @Test
  void joiningAgainChangesNothingAndAFullRoomRefuses() {
    RoomRegistry rooms = registry();
    rooms.join("r", "ann", null, T0);
    rooms.join("r", "bob", null, T0);
    Room.JoinOutcome again = rooms.join("r", "ann", null, T0).outcome();
    assertFalse(again.newMember());
    assertTrue(again.roles().isEmpty());
    RuleViolation full = assertThrows(RuleViolation.class, () -> rooms.join("r", "cat", null, T0));
    assertEquals(ErrorCode.ROOM_FULL, full.code());
    assertEquals(List.of("ann", "bob"), rooms.members("r"));
    assertEquals(Set.of(), rooms.roomsOf("cat"));
  }

  @Test
  void leavingTellsWhoIsLeftAndAnEmptyRoomExpiresAfterItsTtl() {
    RoomRegistry rooms = registry();
    rooms.join("r", "ann", null, T0);
    rooms.join("r", "bob", null, T0);
    rooms.join("s", "ann", null, T0);
    assertEquals(Set.of("r", "s"), rooms.roomsOf("ann"));
    assertEquals(
        List.of("bob"), rooms.leave("r", "ann", T0.plusSeconds(1)).orElseThrow().members());
    assertTrue(rooms.leave("r", "ann", T0.plusSeconds(1)).isEmpty(), "not a member any more");
    assertTrue(rooms.leave("nowhere", "ann", T0).isEmpty());
    assertEquals(Set.of("s"), rooms.roomsOf("ann"));
    RoomRegistry.Left last = rooms.leave("r", "bob", T0.plusSeconds(2)).orElseThrow();
    assertEquals(List.of(), last.members());
    assertEquals(T0.plusSeconds(12), last.room().expiresAt());
    assertEquals(1, rooms.activeRooms());
    assertEquals(1, rooms.emptyRooms());
    assertEquals(2, rooms.rooms());
    assertEquals(List.of(), rooms.removeExpired(T0.plusSeconds(11)));
    assertEquals(List.of("r"), rooms.removeExpired(T0.plusSeconds(12)));
    assertEquals(List.of(), rooms.members("r"));
    assertEquals(0, rooms.emptyRooms());
    assertEquals(1, rooms.rooms());
    assertTrue(
        rooms.join("r", "cat", null, T0.plusSeconds(13)).outcome().newMember(), "id reusable");
  }

  @Test
  void twoUsersShareARoomWhileBothAreInIt() {
    RoomRegistry rooms = registry();
    assertFalse(rooms.shareRoom("ann", "bob"), "neither is anywhere");
    rooms.join("r", "ann", null, T0);
    rooms.join("s", "ann", null, T0);
    rooms.join("t", "bob", null, T0);
    rooms.join("t", "cat", null, T0);
    assertFalse(rooms.shareRoom("ann", "bob"), "each in rooms of their own");
    assertTrue(rooms.shareRoom("bob", "cat"));
    rooms.join("s", "bob", null, T0);
    assertTrue(rooms.shareRoom("ann", "bob"));
    assertTrue(rooms.shareRoom("bob", "ann"));
    assertTrue(registry().shareRoom("ann", "bob"), "as every instance sees it");
    assertFalse(rooms.shareRoom("ann", "cat"));
    assertFalse(rooms.shareRoom("ann", "dan"), "one of them is nowhere");
    rooms.leave("s", "ann", T0);
    assertFalse(rooms.shareRoom("ann", "bob"));
    assertFalse(rooms.shareRoom("bob", "ann"));
    rooms.restore(Room.restored("u", 2, T0, T0, null, List.of("ann", "dan")));
    assertTrue(rooms.shareRoom("dan", "ann"));
  }

  @Test
  void aRestoredRoomHasItsMembersBack() {
    RoomRegistry rooms = registry();
    rooms.restore(Room.restored("r", 2, T0, T0.plusSeconds(5), null, List.of("ann", "bob")));
    assertEquals(List.of("ann", "bob"), rooms.members("r"));
    assertEquals(Set.of("r"), rooms.roomsOf("bob"));
    assertThrows(RuleViolation.class, () -> rooms.join("r", "cat", null, T0));
  }

  /**
   * A room keeps the passcode digest it was made with, through leaves and a restore, and lets in
   * only those who present it.
   */
  @Test
  void aProtectedRoomKeepsItsPasscode() {
    RoomRegistry rooms = registry();
    assertEquals("d", rooms.join("p", "ann", "d", T0).room().passcode());
    assertEquals(
        "wrong_passcode",
        assertThrows(RuleViolation.class, () -> rooms.join("p", "bob", null, T0))
            .code()
            .wireName());
    assertThrows(RuleViolation.class, () -> rooms.join("p", "bob", "e", T0));
    assertEquals(List.of("ann", "bob"), rooms.join("p", "bob", "d", T0).outcome().members());
    assertEquals("d", rooms.leave("p", "bob", T0).orElseThrow().room().passcode());
    assertEquals(null, rooms.join("q", "cat", null, T0).room().passcode());
    assertThrows(RuleViolation.class, () -> rooms.join("q", "dan", "d", T0));
    rooms.restore(Room.restored("r", 2, T0, T0, "d", List.of("ann")));
    assertThrows(RuleViolation.class, () -> rooms.join("r", "bob", null, T0));
    assertEquals(List.of("ann", "bob"), rooms.join("r", "bob", "d", T0).outcome().members());
  }

  @Test
  void concurrentJoinsFromEverywhereNeverPutAThirdInAPair() throws Exception {
    int roomsCount = 200;
    ExecutorService pool = Executors.newFixedThreadPool(6);
    Map<String, Set<String>> admitted = new ConcurrentHashMap<>();
    AtomicInteger refused = new AtomicInteger();
    try {
      List<Future<?>> work = new ArrayList<>();
      for (int thread = 0; thread < 6; thread++) {
        RoomRegistry rooms = registry();
        String user = "user" + thread;
        work.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < roomsCount; i++) {
                    try {
                      rooms.join("room" + i, user, null, T0);
                      admitted.computeIfAbsent("room" + i, id -> ConcurrentHashMap.newKeySet());
                      admitted.get("room" + i).add(user);
                    } catch (RuleViolation e) {
                      refused.incrementAndGet();
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> done : work) {
        done.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    RoomRegistry rooms = registry();
    for (int i = 0; i < roomsCount; i++) {
      assertEquals(2, rooms.members("room" + i).size(), "room" + i);
      assertEquals(Set.copyOf(rooms.members("room" + i)), admitted.get("room" + i));
    }
    assertEquals(roomsCount * 4, refused.get());
  }
}
