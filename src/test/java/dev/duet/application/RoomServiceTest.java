package dev.duet.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duet.application.port.SessionTokens;
import dev.duet.domain.ErrorCode;
import dev.duet.domain.Participant;
import dev.duet.domain.RuleViolation;
import dev.duet.domain.SignalType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RoomServiceTest {
  private final Fixture f = new Fixture(Map.of("ROOM_TTL", "10m"));

  private Participant open(String userId) throws UserIdTaken {
    return f.sessions.open(userId).participant();
  }

  @Test
  void theServerHoldsAtMostMaxRoomsEmptyOnesIncludedAndTheExistingOnesStayOpen() throws Exception {
    Fixture small = new Fixture(Map.of("ROOM_TTL", "10m", "MAX_ROOMS", "2"));
    Participant a = small.sessions.open("a").participant();
    Participant b = small.sessions.open("b").participant();
    small.rooms.join(a, "one", null);
    small.rooms.join(a, "two", null);
    small.rooms.leave(a, "two");
    RuleViolation refused =
        assertThrows(
            RuleViolation.class, () -> small.rooms.join(b, "three", null), "two is kept empty");
    assertEquals(ErrorCode.TOO_MANY_ROOMS, refused.code());
    small.rooms.join(b, "one", null);
    assertTrue(small.rooms.shareRoom(b, "a"), "an existing room can be joined");
    small.clock.advance(Duration.ofMinutes(11));
    small.rooms.removeExpired();
    small.rooms.join(b, "three", null);
  }

  @Test
  void joinTellsEveryoneInOrder() throws Exception {
    Participant a = open("a");
    Participant b = open("b");
    f.rooms.join(a, "r", null);
    f.rooms.join(b, "r", null);
    assertEquals(
        List.of(
            "a: room_joined r [a]",
            "b: room_joined r [a, b]",
            "a: peer_joined r b",
            "a: assign_role POLITE b r",
            "b: assign_role IMPOLITE a r"),
        f.notifier.take());
    assertTrue(f.rooms.shareRoom(a, "b"));
    assertEquals(1, f.rooms.activeRooms());
  }

  @Test
  void aRefusedJoinChangesNothing() throws Exception {
    Participant a = open("a");
    Participant b = open("b");
    Participant c = open("c");
    f.rooms.join(a, "r", null);
    f.rooms.join(b, "r", null);
    f.notifier.take();
    RuleViolation full = assertThrows(RuleViolation.class, () -> f.rooms.join(c, "r", null));
    assertEquals(ErrorCode.ROOM_FULL, full.code());
    assertEquals(List.of(), f.notifier.take());
    assertEquals(List.of(), f.rooms.roomsOf(c));
    assertFalse(f.rooms.shareRoom(c, "a"));
    assertEquals(
        ErrorCode.INVALID_ROOM,
        assertThrows(RuleViolation.class, () -> f.rooms.join(c, "bad room", null)).code());
  }

  @Test
  void closingLeavesEveryRoomAndTellsThePeers() throws Exception {
    Participant a = open("a");
    Participant b = open("b");
    Participant c = open("c");
    f.rooms.join(a, "r1", null);
    f.rooms.join(c, "r2", null);
    f.rooms.join(b, "r1", null);
    f.rooms.join(b, "r2", null);
    assertEquals(List.of("r1", "r2"), f.rooms.roomsOf(b));
    f.notifier.take();
    f.sessions.close(b, "disconnected");
    assertEquals(
        List.of("a: peer_left r1 b disconnected", "c: peer_left r2 b disconnected"),
        f.notifier.take().stream().sorted().toList());
    assertFalse(f.live.find("b").isPresent());
    assertEquals(
        ErrorCode.NOT_YOUR_PEER,
        assertThrows(
                RuleViolation.class, () -> f.signaling.relay(a, "b", SignalType.OFFER, "{}", null))
            .code());
  }

  @Test
  void leaveNeedsMembership() throws Exception {
    Participant a = open("a");
    assertEquals(
        ErrorCode.NOT_IN_ROOM,
        assertThrows(RuleViolation.class, () -> f.rooms.leave(a, "r")).code());
    f.rooms.join(a, "r", null);
    f.rooms.leave(a, "r");
    assertEquals(List.of("a: room_joined r [a]", "a: room_left r"), f.notifier.take());
  }

  @Test
  void emptyRoomsExpireAfterTheirTtlOnly() throws Exception {
    Participant a = open("a");
    f.rooms.join(a, "r", null);
    f.rooms.leave(a, "r");
    assertEquals(1, f.rooms.emptyRooms());
    f.clock.advance(Duration.ofMinutes(10).minusMillis(1));
    assertEquals(0, f.rooms.removeExpired());
    assertTrue(f.roomRows.containsKey("r"));
    f.clock.advance(Duration.ofMillis(1));
    assertEquals(1, f.rooms.removeExpired());
    assertFalse(f.roomRows.containsKey("r"));
    assertEquals(0, f.rooms.emptyRooms());
    f.rooms.join(a, "r", null);
    assertEquals(1, f.rooms.activeRooms());
  }

  @Test
  void restoredRoomsWithoutRestoredMembersComeBackEmptyWithAFreshTtl() throws Exception {
    Participant a = open("a");
    f.rooms.join(a, "r", null);
    Fixture restarted = new Fixture(Map.of("ROOM_TTL", "10m"));
    restarted.roomRows.putAll(f.roomRows);
    restarted.memberRows.putAll(f.memberRows);
    restarted.clock.advance(Duration.ofHours(1));
    restarted.rooms.restore(Map.of());
    assertEquals(Set.of(), restarted.rooms.roomsOf("a"));
    assertEquals(Map.of(), restarted.memberRows);
    assertEquals(1, restarted.rooms.emptyRooms());
    assertEquals(
        restarted.clock.instant().plus(Duration.ofMinutes(10)),
        restarted.roomRows.get("r").expiresAt());
  }

  @Test
  void restoredRoomsThatWereEmptyKeepTheirExpiry() throws Exception {
    Participant a = open("a");
    f.rooms.join(a, "empty", null);
    f.rooms.leave(a, "empty");
    Instant expiry = f.roomRows.get("empty").expiresAt();
    Fixture restarted = new Fixture(Map.of("ROOM_TTL", "10m"));
    restarted.roomRows.putAll(f.roomRows);
    restarted.clock.advance(Duration.ofMinutes(5));
    restarted.rooms.restore(Map.of());
    assertEquals(expiry, restarted.roomRows.get("empty").expiresAt());
    restarted.clock.advance(Duration.ofMinutes(6));
    assertEquals(1, restarted.rooms.removeExpired(), "gone when it would have gone anyway");
  }

  @Test
  void chatGoesToMembersAndPeersOnly() throws Exception {
    Participant a = open("a");
    Participant b = open("b");
    Participant c = open("c");
    f.rooms.join(a, "r", null);
    f.rooms.join(b, "r", null);
    f.notifier.take();
    f.rooms.chat(a, "r", "hi", "m");
    assertEquals(2, f.notifier.take().size());
    assertEquals(
        ErrorCode.NOT_IN_ROOM,
        assertThrows(RuleViolation.class, () -> f.rooms.chat(c, "r", "hi", null)).code());
    f.signaling.chat(a, "b", "psst", null);
    List<String> direct = f.notifier.take();
    assertTrue(
        direct.get(0).startsWith("b: chat ChatLine[fromUser=a, toUser=b"), direct.toString());
    assertTrue(direct.get(0).contains("incoming=true"));
    assertTrue(direct.get(1).startsWith("a: chat") && direct.get(1).contains("incoming=false"));
    assertEquals(
        ErrorCode.NOT_YOUR_PEER,
        assertThrows(RuleViolation.class, () -> f.signaling.chat(c, "a", "x", null)).code());
  }

  /** {@code p} joins {@code room} on one thread while its session is closed on another. */
  private void joinRacingTheClose(ExecutorService pool, Participant p, String room)
      throws Exception {
    CountDownLatch start = new CountDownLatch(1);
    Future<?> join =
        pool.submit(
            () -> {
              start.await();
              f.rooms.join(p, room, null);
              return null;
            });
    Future<?> close =
        pool.submit(
            () -> {
              start.await();
              f.sessions.close(p, "disconnected");
              return null;
            });
    start.countDown();
    join.get(5, TimeUnit.SECONDS);
    close.get(5, TimeUnit.SECONDS);
  }

  /** A join racing the joiner's disconnect never leaves a ghost member behind. */
  @Test
  void joinsRacingDisconnectsLeaveNoGhosts() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      for (int round = 0; round < 500; round++) {
        Participant p = open("u" + round);
        joinRacingTheClose(pool, p, "race" + round);
        assertEquals(0, f.rooms.activeRooms(), "ghost member after round " + round);
        f.clock.advance(Duration.ofHours(1));
        f.rooms.removeExpired();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * A join racing the end of the joiner's session: afterwards the user is in no room, and a peer
   * told that it joined is told that it left.
   */
  @Test
  void aJoinRacingTheCloseIsSeenByTheCleanUpOrUndone() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      for (int round = 0; round < 2_000; round++) {
        String room = "race" + round;
        Participant peer = open("p" + round);
        Participant p = open("u" + round);
        f.rooms.join(peer, room, null);
        f.rooms.join(p, "home" + round, null);
        f.notifier.take();
        joinRacingTheClose(pool, p, room);
        assertEquals(Set.of(), f.rooms.roomsOf(p.userId()), "round " + round);
        assertEquals(List.of(peer.userId()), f.rooms.registry.members(room), "round " + round);
        assertFalse(f.memberRows.containsKey(room + "/" + p.userId()), "round " + round);
        List<String> told =
            f.notifier.to(peer.userId()).stream()
                .filter(
                    line ->
                        line.endsWith(" " + p.userId()) || line.contains(" " + p.userId() + " "))
                .toList();
        long joined = told.stream().filter(line -> line.contains("peer_joined")).count();
        long left = told.stream().filter(line -> line.contains("peer_left")).count();
        assertEquals(joined, left, "round " + round + ": " + told);
        if (joined > 0) {
          assertTrue(told.get(told.size() - 1).contains("peer_left"), told.toString());
        }
        f.notifier.take();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aJoinAfterTheCloseIsTakenBackTellingNobody() throws Exception {
    Participant a = open("a");
    Participant b = open("b");
    f.rooms.join(b, "r", null);
    f.sessions.close(a, "disconnected");
    f.notifier.take();
    f.rooms.join(a, "r", null);
    assertEquals(List.of(), f.notifier.take());
    assertEquals(List.of("b"), f.rooms.registry.members("r"));
    assertEquals(Set.of(), f.rooms.roomsOf("a"));
    assertEquals(Set.of("r/b"), f.memberRows.keySet());
    Participant again = open("a");
    f.rooms.join(again, "r", null);
    f.notifier.take();
    f.rooms.join(a, "r", null);
    assertEquals(List.of("b", "a"), f.rooms.registry.members("r"), "the new session's stays");
    assertEquals(List.of(), f.notifier.take());
  }

  @Test
  void aUserIdIsHeldByOneSessionAtATime() throws Exception {
    Participant a = open("same");
    assertThrows(UserIdTaken.class, () -> f.sessions.open("same"));
    assertThrows(IllegalArgumentException.class, () -> f.sessions.open("not valid"));
    f.sessions.close(a, "disconnected");
    SessionService.Opened again = f.sessions.open("same");
    String second = again.participant().sessionId();
    assertNotEquals(a.sessionId(), second, "a new session, not the old one");
    SessionTokens.Claims claims = f.tokens.verify(again.token());
    assertEquals("same", claims.userId());
    assertEquals(second, claims.sessionId(), "the token names the new session");
    assertEquals(2, f.sessionRows.size());
    assertEquals(
        java.util.HexFormat.of()
            .formatHex(
                java.security.MessageDigest.getInstance("SHA-256")
                    .digest(again.token().getBytes(java.nio.charset.StandardCharsets.UTF_8))),
        f.sessionRows.get(second).tokenHash(),
        "only the token's SHA-256 is stored");
  }

  @Test
  void endedSessionsAreForgottenAfterTheirRetention() throws Exception {
    Participant old = open("old");
    f.sessions.close(old, "disconnected");
    f.clock.advance(Duration.ofHours(23));
    Participant recent = open("recent");
    f.sessions.close(recent, "disconnected");
    Participant live = open("live");
    f.clock.advance(Duration.ofHours(2));
    f.sessions.purgeEnded();
    assertEquals(
        List.of("live", "recent"),
        f.sessionRows.values().stream().map(s -> s.userId()).sorted().toList());
    assertTrue(f.live.find(live.userId()).isPresent());
  }
}
