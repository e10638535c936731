package dev.duet.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duet.domain.ErrorCode;
import dev.duet.domain.Participant;
import dev.duet.domain.Report;
import dev.duet.domain.RuleViolation;
import dev.duet.domain.SignalType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

public class MatchServiceTest {
  private final Fixture f =
      fixture(Map.of("REMATCH_COOLDOWN", "10m", "INTEREST_FALLBACK", "5s", "BLOCK_TTL", "24h"));

  /** The services under test, with the match queue of the implementation tested. */
  Fixture fixture(Map<String, String> config) {
    return new Fixture(config);
  }

  private Participant open(String userId) throws UserIdTaken {
    return f.sessions.open(userId).participant();
  }

  private void match(Participant first, Participant second) {
    f.matches.request(first, "192.0.2.1", null, null);
    f.matches.request(second, "192.0.2.1", null, null);
  }

  /** Users "a" and "b" in a match, their notifications of it taken. */
  private Participant[] matchedPair() throws Exception {
    Participant a = open("a");
    Participant b = open("b");
    match(a, b);
    f.notifier.take();
    return new Participant[] {a, b};
  }

  private String matchIdOf(String userId) {
    List<String> lines = f.notifier.to(userId);
    String line =
        lines.stream().filter(l -> l.contains(" matched ")).reduce((x, y) -> y).orElseThrow();
    return line.split(" ")[4];
  }

  @Test
  void withTermsOfUseSetOnlyThoseWhoAcceptedThemAreQueued() throws Exception {
    Fixture gated = new Fixture(Map.of("TERMS_VERSION", "v3"));
    Participant a = gated.sessions.open("a").participant();
    assertEquals(
        ErrorCode.TERMS_REQUIRED,
        assertThrows(RuleViolation.class, () -> gated.matches.request(a, "192.0.2.1", null, null))
            .code());
    assertEquals(List.of(), gated.notifier.take(), "not queued");
    gated.matches.acceptTerms(a, "v3", true);
    gated.matches.request(a, "192.0.2.1", null, null);
    assertEquals(List.of("a: waiting"), gated.notifier.take());
  }

  @Test
  void twoStrangersAreMatchedWithExactlyOneImpoliteSide() throws Exception {
    Participant a = open("a");
    Participant b = open("b");
    f.matches.request(a, "192.0.2.1", List.of("Jazz"), null);
    f.matches.request(b, "192.0.2.1", List.of("jazz", "go"), null);
    List<String> lines = f.notifier.take();
    assertEquals("a: waiting", lines.get(0));
    assertEquals("b: waiting", lines.get(1));
    assertTrue(lines.get(2).matches("a: matched POLITE b \\S+ \\[jazz]"), lines.get(2));
    assertTrue(lines.get(3).matches("b: matched IMPOLITE a \\S+ \\[jazz]"), lines.get(3));
    assertEquals(lines.get(2).split(" ")[4], lines.get(3).split(" ")[4], "one match id");
    assertEquals("b", f.matches.partnerOf("a").orElseThrow());
    f.signaling.relay(a, "b", SignalType.OFFER, null, null);
    assertEquals(1, f.matches.stats().activeMatches());
  }

  @Test
  void aSkipEndsTheMatchAndNeitherMeetsTheOtherAgainDuringTheCooldown() throws Exception {
    Participant a = open("a");
    Participant b = open("b");
    match(a, b);
    String matchId = matchIdOf("a");
    f.notifier.take();
    f.matches.request(a, "192.0.2.1", null, null);
    assertEquals(
        List.of("b: match_ended a " + matchId + " skipped", "a: waiting"), f.notifier.take());
    f.matches.request(b, "192.0.2.1", null, null);
    assertEquals(List.of("b: waiting"), f.notifier.take(), "b must not get a back");
    assertEquals(2, f.matches.stats().waiting());
    assertThrows(
        RuleViolation.class, () -> f.signaling.relay(a, "b", SignalType.OFFER, null, null));

    Participant c = open("c");
    f.matches.request(c, "192.0.2.1", null, null);
    assertTrue(f.notifier.take().get(1).startsWith("a: matched POLITE c"), "a waited longest");

    f.clock.advance(Duration.ofMinutes(10));
    f.matches.request(c, "192.0.2.1", null, null);
    f.matches.tick();
    assertTrue(
        f.notifier.take().stream().anyMatch(l -> l.startsWith("b: matched POLITE")),
        "after the cooldown b is matched again");
    assertEquals(1, f.matches.stats().skips() - 1, "two skips so far");
  }

  @Test
  void waitersAvoidedOnlyByACooldownAreMatchedWhenItEnds() throws Exception {
    Participant a = open("a");
    Participant b = open("b");
    match(a, b);
    f.matches.request(a, "192.0.2.1", null, null);
    f.matches.request(b, "192.0.2.1", null, null);
    f.notifier.take();
    f.matches.tick();
    assertEquals(List.of(), f.notifier.take());
    f.clock.advance(Duration.ofMinutes(10));
    f.matches.tick();
    assertEquals(2, f.notifier.take().size(), "both told of their new match");
    assertEquals(0, f.matches.stats().waiting());
  }

  @Test
  void hangingUpEndsTheMatch() throws Exception {
    Participant[] pair = matchedPair();
    Participant a = pair[0];
    Participant b = pair[1];
    f.signaling.relay(b, "a", SignalType.HANGUP, null, null);
    assertEquals(List.of("a: signal HANGUP from b null"), f.notifier.take());
    assertTrue(f.matches.partnerOf("a").isEmpty());
    assertThrows(
        RuleViolation.class, () -> f.signaling.relay(a, "b", SignalType.OFFER, null, null));
    assertTrue(f.matchRows.get(f.matchRows.size() - 1).endsWith("HANGUP"));
  }

  /** A hang-up naming nobody is {@code not_your_peer}, and the match goes on. */
  @Test
  void aHangUpToNobodyIsNotYourPeer() throws Exception {
    Participant b = matchedPair()[1];
    assertEquals(
        ErrorCode.NOT_YOUR_PEER,
        assertThrows(
                RuleViolation.class,
                () -> f.signaling.relay(b, null, SignalType.HANGUP, null, null))
            .code());
    assertEquals(List.of(), f.notifier.take());
    assertEquals("a", f.matches.partnerOf("b").orElseThrow());
  }

  @Test
  void theMatchHasEndedWhenThePartnerIsToldOfTheHangUp() throws Exception {
    Participant b = matchedPair()[1];
    List<String> partnerWhenTold = new java.util.ArrayList<>();
    f.notifier.onEach =
        (to, what) -> {
          if (what.startsWith("signal HANGUP")) {
            partnerWhenTold.add(f.matches.partnerOf(to).orElse("none"));
          }
        };
    f.signaling.relay(b, "a", SignalType.HANGUP, null, null);
    assertEquals(List.of("none"), partnerWhenTold);
  }

  @Test
  void aDisconnectTellsThePartnerAndLeavesTheQueue() throws Exception {
    Participant a = open("a");
    Participant b = open("b");
    Participant c = open("c");
    f.matches.request(a, "192.0.2.1", null, null);
    f.matches.request(b, "192.0.2.1", null, null);
    String matchId = matchIdOf("a");
    f.matches.request(c, "192.0.2.1", List.of("solo"), null);
    f.notifier.take();
    f.sessions.close(b, "disconnected");
    f.sessions.close(c, "disconnected");
    assertEquals(List.of("a: match_ended b " + matchId + " disconnected"), f.notifier.take());
    assertEquals(0, f.matches.stats().waiting());
    f.matches.request(c, "192.0.2.1", null, null);
    assertEquals(List.of(), f.notifier.take(), "a closed session is never queued again");
  }

  @Test
  void blockingKeepsTwoUsersApartLongerThanTheCooldown() throws Exception {
    Participant a = open("a");
    Participant b = open("b");
    match(a, b);
    String matchId = matchIdOf("b");
    f.notifier.take();
    f.matches.block(a, "b");
    assertEquals(List.of("b: match_ended a " + matchId + " skipped"), f.notifier.take());
    f.clock.advance(Duration.ofHours(23));
    f.matches.request(a, "192.0.2.1", null, null);
    f.matches.request(b, "192.0.2.1", null, null);
    f.matches.tick();
    assertEquals(List.of("a: waiting", "b: waiting"), f.notifier.take());
    f.clock.advance(Duration.ofHours(1));
    f.matches.tick();
    assertEquals(2, f.notifier.take().size(), "matched again once the block ran out");
    assertEquals(
        ErrorCode.BAD_MESSAGE,
        assertThrows(RuleViolation.class, () -> f.matches.block(a, "a")).code());
  }

  @Test
  void reportsNeedARealMatchAndImplyABlock() throws Exception {
    Participant a = open("a");
    Participant b = open("b");
    Participant c = open("c");
    f.matches.request(a, "192.0.2.1", null, null);
    f.matches.request(b, "192.0.2.1", null, null);
    String matchId = matchIdOf("a");
    assertEquals(
        ErrorCode.NOT_YOUR_PEER,
        assertThrows(RuleViolation.class, () -> f.matches.report(c, "a", matchId, "spam")).code());
    assertEquals(
        ErrorCode.BAD_MESSAGE,
        assertThrows(RuleViolation.class, () -> f.matches.report(a, "b", matchId, " ")).code());
    f.matches.request(a, "192.0.2.1", null, null);
    f.matches.report(a, "b", matchId, "rude");
    assertTrue(f.matchRows.contains("report a b rude"));
    f.clock.advance(Duration.ofHours(1));
    f.matches.request(b, "192.0.2.1", null, null);
    f.matches.tick();
    assertTrue(f.matches.partnerOf("a").isEmpty(), "a report blocks");
  }

  @Test
  void onlyAUserOneHasMetCanBeBlockedSoMadeUpIdsCostNothing() throws Exception {
    Participant a = open("a");
    Participant b = open("b");
    for (int i = 0; i < 100; i++) {
      String stranger = "made-up-" + i;
      assertEquals(
          ErrorCode.NOT_YOUR_PEER,
          assertThrows(RuleViolation.class, () -> f.matches.block(a, stranger)).code());
    }
    match(a, b);
    f.matches.request(a, "192.0.2.1", null, null);
    f.notifier.take();
    f.clock.advance(Duration.ofMinutes(9));
    f.matches.block(b, "a");
    f.clock.advance(Duration.ofHours(2));
    f.matches.block(a, "b");
    assertEquals(List.of(), f.notifier.take(), "a block of a recent partner tells nobody");
    f.clock.advance(Duration.ofHours(25));
    assertEquals(
        ErrorCode.NOT_YOUR_PEER,
        assertThrows(RuleViolation.class, () -> f.matches.block(a, "b")).code(),
        "once the block and the cooldown have run out, they are strangers again");
  }

  @Test
  void aUsersReportOfAMatchIsStoredOnceUnderAnIdOfTheMatchAndTheReporter() throws Exception {
    Participant a = open("a");
    Participant b = open("b");
    match(a, b);
    String matchId = matchIdOf("a");
    for (int i = 0; i < 60; i++) {
      f.matches.report(a, "b", matchId, "rude " + i);
    }
    f.matches.report(b, "a", matchId, "rude too");
    assertEquals(
        List.of("report a b rude 0", "report b a rude too"),
        f.matchRows.stream().filter(row -> row.startsWith("report")).toList());
    assertEquals(Report.idOf(matchId, "a"), Report.idOf(matchId, "a"));
    assertNotEquals(Report.idOf(matchId, "a"), Report.idOf(matchId, "b"));
    assertEquals(32, Report.idOf(matchId, "a").length());
  }

  @Test
  void interestsAreValidated() throws Exception {
    Participant a = open("a");
    for (List<String> bad :
        List.of(
            List.of(""),
            List.of("x".repeat(33)),
            List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k"))) {
      assertEquals(
          ErrorCode.BAD_MESSAGE,
          assertThrows(RuleViolation.class, () -> f.matches.request(a, "192.0.2.1", bad, null))
              .code());
    }
    assertEquals(0, f.matches.stats().waiting());
  }

  @Test
  void bothSidesSkippingAtOnceLeavesBothQueued() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      for (int round = 0; round < 200; round++) {
        Participant a = open("a" + round);
        Participant b = open("b" + round);
        f.matches.request(a, "192.0.2.1", null, null);
        f.matches.request(b, "192.0.2.1", null, null);
        CountDownLatch go = new CountDownLatch(1);
        Future<?> skipA = pool.submit(() -> skip(go, a));
        Future<?> skipB = pool.submit(() -> skip(go, b));
        go.countDown();
        skipA.get(5, TimeUnit.SECONDS);
        skipB.get(5, TimeUnit.SECONDS);
        assertTrue(f.matches.partnerOf(a.userId()).isEmpty());
        assertTrue(f.matches.partnerOf(b.userId()).isEmpty());
        assertEquals(2, f.matches.stats().waiting());
        f.sessions.close(a, "disconnected");
        f.sessions.close(b, "disconnected");
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private Void skip(CountDownLatch go, Participant p) throws InterruptedException {
    go.await();
    f.matches.request(p, "192.0.2.1", null, null);
    return null;
  }

  /** 1,000 users asking at once: each matched exactly once, and both sides agree. */
  @Test
  void concurrentRequestsNeverDoubleBook() throws Exception {
    int users = 1_000;
    List<Participant> participants = new ArrayList<>();
    for (int i = 0; i < users; i++) {
      participants.add(open("u" + i));
    }
    ExecutorService pool = Executors.newFixedThreadPool(8);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<?>> requests = new ArrayList<>();
    for (Participant p : participants) {
      requests.add(
          pool.submit(
              () -> {
                go.await();
                f.matches.request(p, "192.0.2.1", null, null);
                return null;
              }));
    }
    go.countDown();
    for (Future<?> request : requests) {
      request.get(30, TimeUnit.SECONDS);
    }
    pool.shutdown();
    assertEachMatchedOnceBothAgreeing(f.notifier.take(), users);
    assertEquals(users / 2, f.matches.stats().activeMatches());
  }

  /** Every user of {@code lines} was matched once, {@code users} of them, pairs agreeing. */
  static void assertEachMatchedOnceBothAgreeing(List<String> lines, int users) {
    Map<String, String> partners = new HashMap<>();
    for (String line : lines) {
      if (line.contains(" matched ")) {
        String[] words = line.split(" ");
        String user = words[0].replace(":", "");
        assertEquals(null, partners.put(user, words[3]), user + " matched twice");
      }
    }
    assertEquals(users, partners.size());
    partners.forEach((user, partner) -> assertEquals(user, partners.get(partner)));
    assertFalse(partners.containsKey(null));
  }
}
