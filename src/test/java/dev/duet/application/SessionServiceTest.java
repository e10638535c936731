package dev.duet.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duet.application.port.InvalidToken;
import dev.duet.application.port.RoomRepository;
import dev.duet.application.port.SessionDirectory;
import dev.duet.domain.Participant;
import dev.duet.domain.SessionRecord;
import dev.duet.domain.SignalType;
import dev.duet.infrastructure.memory.InMemoryRoomRegistry;
import dev.duet.testing.Awaits;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Sessions across connections: grace, resume, takeover, expiry and restart. */
class SessionServiceTest {
  private final Fixture f = new Fixture(Map.of("RESUME_GRACE", "30s", "SESSION_TTL", "24h"));

  private SessionService.Opened open(String userId) throws UserIdTaken {
    return f.sessions.open(userId);
  }

  private SessionService.Opened roomCall() throws Exception {
    SessionService.Opened a = open("a");
    SessionService.Opened b = open("b");
    f.rooms.join(a.participant(), "r", null);
    f.rooms.join(b.participant(), "r", null);
    f.notifier.take();
    return a;
  }

  @Test
  void anAbruptDropKeepsTheSessionInItsRoomsAndTellsThePeers() throws Exception {
    SessionService.Opened a = roomCall();
    f.sessions.disconnect(a.participant(), a.connection(), "192.0.2.1");
    assertEquals(Participant.State.RECONNECTING, a.participant().state());
    assertEquals(List.of("b: peer_reconnecting a"), f.notifier.take());
    assertTrue(f.rooms.shareRoom(f.live.find("b").orElseThrow(), "a"));
    assertEquals(1, f.live.reconnecting());
    assertEquals(
        SessionRecord.State.RECONNECTING, f.sessionRows.get(a.participant().sessionId()).state());
    assertThrows(UserIdTaken.class, () -> open("a"), "the id stays taken during the grace");
  }

  @Test
  void sessionsWaitWithinTheirAddresssShareAndTheTotalBudgetElseTheyEndAtOnce() throws Exception {
    Fixture budget =
        new Fixture(
            Map.of("RESUME_GRACE", "30s", "MAX_CONNECTIONS_PER_IP", "2", "MAX_RECONNECTING", "3"));
    List<SessionService.Opened> x = new java.util.ArrayList<>();
    for (String id : List.of("x1", "x2", "x3")) {
      x.add(budget.sessions.open(id));
    }
    SessionService.Opened y = budget.sessions.open("y1");
    SessionService.Opened z = budget.sessions.open("z1");
    for (SessionService.Opened opened : x) {
      budget.sessions.disconnect(opened.participant(), opened.connection(), "192.0.2.1");
    }
    assertEquals(Participant.State.RECONNECTING, x.get(0).participant().state());
    assertEquals(Participant.State.RECONNECTING, x.get(1).participant().state());
    assertEquals(Participant.State.CLOSED, x.get(2).participant().state(), "over its address's 2");
    budget.sessions.disconnect(y.participant(), y.connection(), "192.0.2.2");
    assertEquals(Participant.State.RECONNECTING, y.participant().state());
    budget.sessions.disconnect(z.participant(), z.connection(), "192.0.2.3");
    assertEquals(Participant.State.CLOSED, z.participant().state(), "over the 3 in all");

    SessionService.Opened back = budget.sessions.resume(x.get(0).token(), null);
    SessionService.Opened again = budget.sessions.open("x4");
    budget.sessions.disconnect(again.participant(), again.connection(), "192.0.2.1");
    assertEquals(
        Participant.State.RECONNECTING,
        again.participant().state(),
        "a resumed one counts no more");
    budget.sessions.disconnect(back.participant(), back.connection(), "192.0.2.1");
    assertEquals(Participant.State.CLOSED, back.participant().state(), "its address is full again");
  }

  @Test
  void leaveRevokesTheTokenWhileACleanCloseLeavesItUsable() throws Exception {
    SessionService.Opened a = roomCall();
    f.sessions.leave(a.participant());
    assertEquals(List.of("b: peer_left r a disconnected"), f.notifier.take());
    assertThrows(InvalidToken.class, () -> f.sessions.resume(a.token(), null));
    assertEquals(SessionRecord.State.LEFT, f.sessionRows.get(a.participant().sessionId()).state());

    SessionService.Opened c = open("c");
    f.sessions.close(c.participant(), "disconnected");
    assertEquals("c", f.sessions.resume(c.token(), null).participant().userId());
  }

  @Test
  void theTokenResumesTheSameSessionAndThePeersAreTold() throws Exception {
    SessionService.Opened a = roomCall();
    f.sessions.disconnect(a.participant(), a.connection(), "192.0.2.1");
    f.notifier.take();
    f.clock.advance(Duration.ofSeconds(29));
    SessionService.Opened back = f.sessions.resume(a.token(), null);
    assertTrue(back.resumed());
    assertEquals(a.participant(), back.participant());
    assertNotEquals(a.connection(), back.connection());
    assertEquals(List.of("r"), f.rooms.roomsOf(back.participant()));
    assertEquals(List.of("b: peer_reconnected a"), f.notifier.take());
    assertTrue(f.metrics.take().contains("resumed"));
    f.clock.advance(Duration.ofMinutes(5));
    assertEquals(0, f.sessions.expireGraces());
    f.signaling.relay(back.participant(), "b", SignalType.OFFER, "{}", null);
  }

  @Test
  void aResumingUserLearnsWhichPeersAreStillAway() throws Exception {
    SessionService.Opened a = roomCall();
    Participant b = f.live.find("b").orElseThrow();
    f.sessions.disconnect(b, b.connection(), "192.0.2.1");
    f.sessions.disconnect(a.participant(), a.connection(), "192.0.2.1");
    f.notifier.take();
    f.sessions.resume(a.token(), "a");
    assertEquals(List.of("b: peer_reconnected a", "a: peer_reconnecting b"), f.notifier.take());
  }

  @Test
  void peersResumingAtOnceNeitherDeadlockNorMissEachOther() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      for (int round = 0; round < 5_000; round++) {
        SessionService.Opened a = open("a" + round);
        SessionService.Opened b = open("b" + round);
        f.rooms.join(a.participant(), "r" + round, null);
        f.rooms.join(b.participant(), "r" + round, null);
        f.sessions.disconnect(a.participant(), a.connection(), "192.0.2.1");
        f.sessions.disconnect(b.participant(), b.connection(), "192.0.2.1");
        f.notifier.take();
        CountDownLatch go = new CountDownLatch(1);
        Future<?> first = pool.submit(() -> resumeAfter(go, a.token()));
        Future<?> second = pool.submit(() -> resumeAfter(go, b.token()));
        go.countDown();
        first.get(5, TimeUnit.SECONDS);
        second.get(5, TimeUnit.SECONDS);
        for (String user : List.of("a" + round, "b" + round)) {
          List<String> told = f.notifier.to(user);
          String last = told.isEmpty() ? "nothing" : told.get(told.size() - 1);
          assertTrue(last.contains("peer_reconnected"), user + " last heard " + told);
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private Void resumeAfter(CountDownLatch go, String token) throws Exception {
    go.await();
    assertTrue(f.sessions.resume(token, null).resumed());
    return null;
  }

  @Test
  void afterTheGraceTheSessionEndsWithReasonTimeout() throws Exception {
    SessionService.Opened a = open("a");
    SessionService.Opened b = open("b");
    f.matches.request(a.participant(), "192.0.2.1", null, null);
    f.matches.request(b.participant(), "192.0.2.1", null, null);
    f.rooms.join(a.participant(), "r", null);
    f.rooms.join(b.participant(), "r", null);
    f.sessions.disconnect(a.participant(), a.connection(), "192.0.2.1");
    f.notifier.take();
    f.clock.advance(Duration.ofSeconds(29));
    assertEquals(0, f.sessions.expireGraces());
    f.clock.advance(Duration.ofSeconds(1));
    assertEquals(1, f.sessions.expireGraces());
    List<String> told = f.notifier.take();
    assertTrue(
        told.stream().anyMatch(l -> l.matches("b: match_ended a \\S+ timeout")), told.toString());
    assertTrue(told.contains("b: peer_left r a timeout"), told.toString());
    assertEquals(0, f.matches.stats().activeMatches());
    assertEquals(
        SessionRecord.State.CLOSED, f.sessionRows.get(a.participant().sessionId()).state());
    assertEquals(Set.of("r/b"), f.memberRows.keySet());
    SessionService.Opened again = f.sessions.resume(a.token(), null);
    assertFalse(again.resumed(), "a token of an ended session opens a new session");
    assertEquals("a", again.participant().userId());
    assertEquals(List.of(), f.rooms.roomsOf(again.participant()));
  }

  /**
   * A client told that its partner's session timed out may see that partner come back with its id
   * at once, while the clean-up that told it still runs (the notification waits until the new
   * session has been refused or is waiting): the new session waits for the clean-up instead of
   * being refused as a duplicate (4409).
   */
  @Test
  @Timeout(10)
  void anIdComingBackWhileItsSessionIsBeingClosedWaitsForTheCleanUp() throws Exception {
    SessionService.Opened a = open("a");
    SessionService.Opened b = open("b");
    f.rooms.join(a.participant(), "r", null);
    f.rooms.join(b.participant(), "r", null);
    f.sessions.disconnect(a.participant(), a.connection(), "192.0.2.1");
    f.clock.advance(Duration.ofSeconds(30));
    CompletableFuture<SessionService.Opened> again = new CompletableFuture<>();
    f.notifier.onEach =
        (to, what) -> {
          if (what.equals("peer_left r a timeout") && !again.isDone()) {
            Thread back =
                new Thread(
                    () -> {
                      try {
                        again.complete(f.sessions.resume(a.token(), null));
                      } catch (Exception e) {
                        again.completeExceptionally(e);
                      }
                    });
            back.start();
            Awaits.until(
                Duration.ofSeconds(5),
                () -> !back.isAlive() || back.getState() == Thread.State.TIMED_WAITING,
                () -> "the new session is refused or waits for the clean-up: " + back.getState());
          }
        };
    assertEquals(1, f.sessions.expireGraces());
    assertEquals("a", again.get(5, TimeUnit.SECONDS).participant().userId());
    assertFalse(again.get().resumed());
  }

  @Test
  void aSecondConnectionTakesTheSessionOverAndTheFirstOnesEndChangesNothing() throws Exception {
    SessionService.Opened a = roomCall();
    SessionService.Opened second = f.sessions.resume(a.token(), "a");
    assertTrue(second.resumed());
    assertEquals(List.of(), f.notifier.take(), "a takeover is invisible to the peers");
    f.sessions.disconnect(a.participant(), a.connection(), "192.0.2.1");
    assertEquals(Participant.State.CONNECTED, a.participant().state());
    assertTrue(a.participant().isServedBy(second.connection()));
    assertFalse(a.participant().isServedBy(a.connection()));
    assertEquals(List.of(), f.notifier.take());
  }

  @Test
  void forgedExpiredAndMismatchedTokensAreRefused() throws Exception {
    SessionService.Opened a = open("a");
    assertThrows(InvalidToken.class, () -> f.sessions.resume("forged", null));
    assertThrows(InvalidToken.class, () -> f.sessions.resume(a.token(), "someone-else"));
    f.clock.advance(Duration.ofHours(24));
    assertThrows(InvalidToken.class, () -> f.sessions.resume(a.token(), null));
    assertEquals(1, f.live.count());
  }

  @Test
  void aCleanCloseEndsAtOnce() throws Exception {
    SessionService.Opened a = roomCall();
    f.sessions.close(a.participant(), "disconnected");
    assertEquals(List.of("b: peer_left r a disconnected"), f.notifier.take());
    assertEquals(1, f.live.count());
    SessionService.Opened again = f.sessions.resume(a.token(), null);
    assertFalse(again.resumed());
  }

  @Test
  void withoutAGraceAnAbruptDropEndsAtOnce() throws Exception {
    Fixture noGrace = new Fixture(Map.of("RESUME_GRACE", "0"));
    SessionService.Opened a = noGrace.sessions.open("a");
    noGrace.sessions.open("b");
    noGrace.rooms.join(a.participant(), "r", null);
    noGrace.rooms.join(noGrace.live.find("b").orElseThrow(), "r", null);
    noGrace.notifier.take();
    noGrace.sessions.disconnect(a.participant(), a.connection(), "192.0.2.1");
    assertEquals(List.of("b: peer_left r a disconnected"), noGrace.notifier.take());
  }

  @Test
  void aRestartBringsBackSessionsRoomsAndMatchesWithAGraceFromTheNewStart() throws Exception {
    SessionService.Opened a = open("a");
    SessionService.Opened b = open("b");
    SessionService.Opened c = open("c");
    f.matches.request(a.participant(), "192.0.2.1", null, null);
    f.matches.request(b.participant(), "192.0.2.1", null, null);
    f.rooms.join(a.participant(), "r", null);
    f.rooms.join(c.participant(), "r", null);
    f.sessions.disconnect(c.participant(), c.connection(), "192.0.2.1");
    SessionService.Opened gone = open("gone");
    f.rooms.join(gone.participant(), "s", null);
    f.sessions.close(gone.participant(), "disconnected");

    Fixture restarted = new Fixture(Map.of("RESUME_GRACE", "30s", "SESSION_TTL", "24h"));
    restarted.sessionRows.putAll(f.sessionRows);
    restarted.roomRows.putAll(f.roomRows);
    restarted.memberRows.putAll(f.memberRows);
    restarted.runningMatches.putAll(f.runningMatches);
    restarted.tokens.issued.putAll(f.tokens.issued);
    restarted.clock.advance(Duration.ofMinutes(10));
    restarted.sessions.restore();

    assertEquals(3, restarted.live.count());
    assertEquals(3, restarted.live.reconnecting());
    assertEquals(Set.of("a", "b", "c"), restarted.notifier.held.keySet());
    assertEquals("b", restarted.matches.partnerOf("a").orElseThrow());
    assertEquals(1, restarted.rooms.activeRooms());
    SessionService.Opened back = restarted.sessions.resume(a.token(), null);
    assertTrue(back.resumed());
    assertEquals(List.of("r"), restarted.rooms.roomsOf(back.participant()));
    assertEquals(
        Set.of("a: peer_reconnecting b", "a: peer_reconnecting c"),
        Set.copyOf(restarted.notifier.take().stream().filter(l -> l.startsWith("a: ")).toList()));
    restarted.clock.advance(Duration.ofSeconds(30));
    assertEquals(2, restarted.sessions.expireGraces());
    List<String> told = restarted.notifier.take();
    assertTrue(told.contains("a: peer_left r c timeout"), told.toString());
    assertTrue(
        told.stream().anyMatch(l -> l.matches("a: match_ended b \\S+ timeout")), told.toString());
  }

  @Test
  void theGraceAfterARestartCountsFromWhenTheRecordsWereRead() throws Exception {
    SessionService.Opened a = open("a");
    SessionService.Opened b = open("b");
    f.rooms.join(a.participant(), "r", null);
    f.rooms.join(b.participant(), "r", null);
    Fixture restarted = new Fixture(Map.of("RESUME_GRACE", "30s", "SESSION_TTL", "24h"));
    restarted.sessionRows.putAll(f.sessionRows);
    restarted.roomRows.putAll(f.roomRows);
    restarted.memberRows.putAll(f.memberRows);
    restarted.tokens.issued.putAll(f.tokens.issued);
    restarted.databaseOpening = Duration.ofSeconds(20);
    restarted.sessions.restore();
    restarted.clock.advance(Duration.ofSeconds(29));
    assertEquals(0, restarted.sessions.expireGraces(), "29 s after the records were read");
    restarted.clock.advance(Duration.ofSeconds(1));
    assertEquals(2, restarted.sessions.expireGraces());
  }

  @Test
  void aRestartClosesSessionsWhoseTokensHaveExpired() throws Exception {
    SessionService.Opened a = open("a");
    f.rooms.join(a.participant(), "r", null);
    Fixture restarted = new Fixture(Map.of("RESUME_GRACE", "30s", "SESSION_TTL", "24h"));
    restarted.sessionRows.putAll(f.sessionRows);
    restarted.roomRows.putAll(f.roomRows);
    restarted.memberRows.putAll(f.memberRows);
    restarted.clock.advance(Duration.ofHours(25));
    restarted.sessions.restore();
    assertEquals(0, restarted.live.count());
    assertEquals(
        SessionRecord.State.CLOSED, restarted.sessionRows.get(a.participant().sessionId()).state());
    assertEquals(Map.of(), restarted.memberRows);
    assertEquals(1, restarted.rooms.emptyRooms());
  }

  @Test
  void afterTheRegistryLostTheRoomsTheLiveSessionsRejoinThoseTheDatabaseHas() throws Exception {
    SessionService.Opened a = open("a");
    SessionService.Opened b = open("b");
    SessionService.Opened c = open("c");
    f.rooms.join(a.participant(), "r", null);
    f.rooms.join(b.participant(), "r", null);
    f.rooms.join(a.participant(), "s", null);
    f.rooms.join(c.participant(), "t", null);
    f.sessions.disconnect(b.participant(), b.connection(), "192.0.2.1");
    f.memberRows.put("old/a", new RoomRepository.Member("old", "a", "an-earlier-session"));
    f.memberRows.put("x/zed", new RoomRepository.Member("x", "zed", "not-live-here"));
    f.rooms.registry = InMemoryRoomRegistry.of(f.settings);
    f.rooms.join(open("d").participant(), "t", null);
    f.rooms.join(open("e").participant(), "t", null);
    f.notifier.take();
    int[] renewals = {0};
    f.handover.directory = rejoining(f.sessions.directory, renewals);

    f.handover.renewLease();
    assertEquals(0, f.handover.adoptOrphans());

    assertEquals(1, renewals[0]);
    assertEquals(List.of("r", "s"), f.rooms.roomsOf(a.participant()));
    assertEquals(List.of("r"), f.rooms.roomsOf(b.participant()), "a reconnecting session too");
    assertEquals(Set.of("a", "b"), Set.copyOf(f.rooms.registry.members("r")));
    assertTrue(f.rooms.shareRoom(a.participant(), "b"));
    assertEquals(List.of(), f.rooms.roomsOf(c.participant()), "t was filled meanwhile");
    assertEquals(List.of("d", "e"), f.rooms.registry.members("t"));
    assertFalse(f.memberRows.containsKey("t/c"));
    assertEquals(Set.of(), f.rooms.roomsOf("zed"));
    assertEquals(List.of(), f.rooms.registry.members("old"));
    assertEquals(List.of(), f.notifier.take(), "nobody is told");
  }

  /** The directory of an instance that rejoins the cluster at its next lease renewal. */
  private static SessionDirectory rejoining(SessionDirectory directory, int[] renewals) {
    return new SessionDirectory() {
      @Override
      public boolean claim(String userId, String sessionId, String tokenHash) {
        return directory.claim(userId, sessionId, tokenHash);
      }

      @Override
      public Optional<Entry> find(String userId) {
        return directory.find(userId);
      }

      @Override
      public Optional<String> takeOver(String userId, String sessionId) {
        return directory.takeOver(userId, sessionId);
      }

      @Override
      public void release(String userId, String sessionId) {
        directory.release(userId, sessionId);
      }

      @Override
      public boolean renewLease() {
        return renewals[0]++ == 0;
      }

      @Override
      public List<Entry> adoptOrphans() {
        return directory.adoptOrphans();
      }
    };
  }
}
