package dev.duet.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RoomTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final Duration TTL = Duration.ofMinutes(10);

  @Test
  void theSecondMemberFormsAPairAndIsImpolite() {
    Room room = new Room("r", 2, T0, null);
    Room.JoinOutcome first = room.join("a", null, T0);
    assertTrue(first.newMember());
    assertEquals(List.of("a"), first.members());
    assertEquals(Optional.empty(), first.roles());

    Room.JoinOutcome second = room.join("b", null, T0);
    assertEquals(List.of("a", "b"), second.members());
    assertEquals(Optional.of(new RoleAssignment("a", "b")), second.roles());
  }

  /**
   * A passcode fixed by the room's maker lets in only those who present it; presenting one to a
   * room without it is refused too; either refusal comes before the room's fullness is told, and a
   * member asking again is confirmed whatever it presents.
   */
  @Test
  void aPasscodeLetsInOnlyThoseWhoPresentIt() {
    Room locked = new Room("r", 2, T0, "digest-1");
    locked.join("a", "digest-1", T0);
    for (String wrong : new String[] {null, "digest-2", "digest-1 "}) {
      assertEquals(
          ErrorCode.WRONG_PASSCODE,
          assertThrows(RuleViolation.class, () -> locked.join("b", wrong, T0)).code());
    }
    assertFalse(locked.join("a", null, T0).newMember(), "a member is confirmed");
    assertEquals(List.of("a", "b"), locked.join("b", "digest-1", T0).members());
    assertEquals(
        ErrorCode.WRONG_PASSCODE,
        assertThrows(RuleViolation.class, () -> locked.join("c", null, T0)).code(),
        "not room_full: a guesser learns nothing more");
    assertEquals("digest-1", locked.snapshot(TTL).passcode());

    Room open = new Room("s", 2, T0, null);
    open.join("a", null, T0);
    assertEquals(
        ErrorCode.WRONG_PASSCODE,
        assertThrows(RuleViolation.class, () -> open.join("b", "digest-1", T0)).code(),
        "someone else's room of that name");
  }

  @Test
  void aFullRoomRefusesAndStaysAsItWas() {
    Room room = new Room("r", 2, T0, null);
    room.join("a", null, T0);
    room.join("b", null, T0);
    RuleViolation full = assertThrows(RuleViolation.class, () -> room.join("c", null, T0));
    assertEquals(ErrorCode.ROOM_FULL, full.code());
    assertEquals(List.of("a", "b"), room.members());
  }

  @Test
  void largerRoomsAssignRolesOnlyWhenThePairForms() {
    Room room = new Room("r", 3, T0, null);
    room.join("a", null, T0);
    assertTrue(room.join("b", null, T0).roles().isPresent());
    assertTrue(room.join("c", null, T0).roles().isEmpty());
  }

  @Test
  void joiningTwiceChangesNothing() {
    Room room = new Room("r", 2, T0, null);
    room.join("a", null, T0);
    Room.JoinOutcome again = room.join("a", null, T0.plusSeconds(5));
    assertFalse(again.newMember());
    assertEquals(Optional.empty(), again.roles());
    assertEquals(T0, room.lastActiveAt());
  }

  @Test
  void aPairReformedAfterALeaveGetsRolesAgain() {
    Room room = new Room("r", 2, T0, null);
    room.join("a", null, T0);
    room.join("b", null, T0);
    assertTrue(room.leave("a", T0));
    assertFalse(room.leave("a", T0));
    assertEquals(Optional.of(new RoleAssignment("b", "c")), room.join("c", null, T0).roles());
  }

  @Test
  void anEmptyRoomExpiresTtlAfterItsLastActivity() {
    Room room = new Room("r", 2, T0, null);
    room.join("a", null, T0);
    assertEquals(Optional.empty(), room.expiresAt(TTL));
    assertFalse(room.isExpired(T0.plus(Duration.ofDays(1)), TTL));

    Instant left = T0.plusSeconds(30);
    room.leave("a", left);
    assertEquals(Optional.of(left.plus(TTL)), room.expiresAt(TTL));
    assertFalse(room.isExpired(left.plus(TTL).minusMillis(1), TTL));
    assertTrue(room.isExpired(left.plus(TTL), TTL));
    assertEquals(new RoomSnapshot("r", T0, left, left.plus(TTL), null), room.snapshot(TTL));
  }

  @Test
  void aRemovedRoomAcceptsNobody() {
    Room room = new Room("r", 2, T0, null);
    room.remove();
    assertThrows(IllegalStateException.class, () -> room.join("a", null, T0));
  }

  @Test
  void roomIdsAreValidated() {
    assertEquals(
        ErrorCode.INVALID_ROOM,
        assertThrows(RuleViolation.class, () -> new Room("no spaces", 2, T0, null)).code());
    assertThrows(IllegalArgumentException.class, () -> new Room("r", 0, T0, null));
  }
}
