package dev.duet.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiPredicate;
import org.junit.jupiter.api.Test;

class MatchmakerTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final BiPredicate<String, String> NOBODY = (a, b) -> false;
  private final Matchmaker matchmaker = new Matchmaker(Duration.ofSeconds(5));

  private Optional<Matchmaker.Pairing> request(String user, Set<String> interests, int second) {
    return matchmaker.request(user, interests, T0.plusSeconds(second), NOBODY);
  }

  private static List<String> users(Matchmaker.Pairing pairing) {
    return List.of(pairing.earlier().userId(), pairing.later().userId());
  }

  @Test
  void aNewcomerWithoutInterestsGetsTheLongestWaiter() {
    assertTrue(request("a", Set.of("chess"), 0).isEmpty());
    assertTrue(request("b", Set.of("jazz"), 1).isEmpty());
    Matchmaker.Pairing pairing = request("c", Set.of(), 2).orElseThrow();
    assertEquals(List.of("a", "c"), users(pairing));
    assertEquals(List.of(), pairing.commonInterests());
    assertEquals(1, matchmaker.size());
  }

  @Test
  void waitersWithoutInterestsPairAtOnceInArrivalOrder() {
    assertTrue(request("a", Set.of(), 0).isEmpty());
    assertEquals(List.of("a", "b"), users(request("b", Set.of(), 1).orElseThrow()));
    assertTrue(request("c", Set.of(), 2).isEmpty());
    assertTrue(request("d", Set.of("x"), 3).isPresent());
  }

  @Test
  void sharedInterestsComeFirstAndTheLongestSharingWaiterWins() {
    request("a", Set.of("chess"), 0);
    request("b", Set.of("jazz"), 1);
    Matchmaker.Pairing first = request("c", Set.of("jazz", "chess"), 2).orElseThrow();
    assertEquals(List.of("a", "c"), users(first));
    assertEquals(List.of("chess"), first.commonInterests());
    assertTrue(matchmaker.waiting("b").isPresent());

    Matchmaker fresh = new Matchmaker(Duration.ofSeconds(5));
    fresh.request("a", Set.of("chess"), T0, NOBODY);
    fresh.request("b", Set.of("jazz"), T0.plusSeconds(1), NOBODY);
    Matchmaker.Pairing pairing =
        fresh.request("c", Set.of("jazz", "go"), T0.plusSeconds(2), NOBODY).orElseThrow();
    assertEquals(List.of("b", "c"), users(pairing));
    assertEquals(List.of("jazz"), pairing.commonInterests());
  }

  @Test
  void withoutASharedInterestANewcomerWaitsUntilTheFallback() {
    request("a", Set.of("chess"), 0);
    assertTrue(request("b", Set.of("jazz"), 1).isEmpty());
    assertEquals(List.of(), matchmaker.expire(T0.plusMillis(4_999), NOBODY));
    List<Matchmaker.Pairing> pairings = matchmaker.expire(T0.plusSeconds(5), NOBODY);
    assertEquals(1, pairings.size());
    assertEquals(List.of("a", "b"), users(pairings.get(0)));
    assertEquals(0, matchmaker.size());
  }

  @Test
  void anOpenWaiterTakesANewcomerWithInterests() {
    request("open", Set.of(), 0);
    matchmaker.remove("open");
    request("a", Set.of("chess"), 0);
    matchmaker.expire(T0.plusSeconds(6), NOBODY);
    assertEquals(List.of("a", "b"), users(request("b", Set.of("jazz"), 7).orElseThrow()));
  }

  @Test
  void aRepeatedRequestKeepsItsPlaceAndNeverPairsWithItself() {
    request("a", Set.of("chess"), 0);
    request("b", Set.of("jazz"), 1);
    assertTrue(request("a", Set.of("chess", "go"), 2).isEmpty());
    assertEquals(T0, matchmaker.waiting("a").orElseThrow().since());
    assertEquals(List.of("a", "c"), users(request("c", Set.of("go"), 3).orElseThrow()));
  }

  @Test
  void avoidedUsersAreSkippedAndTriedAgainWhenTheAvoidanceEnds() {
    Set<String> apart = new HashSet<>(Set.of("a|b"));
    BiPredicate<String, String> avoid =
        (x, y) -> apart.contains(x + "|" + y) || apart.contains(y + "|" + x);
    matchmaker.request("a", Set.of(), T0, avoid);
    assertTrue(matchmaker.request("b", Set.of(), T0, avoid).isEmpty(), "b must not meet a");
    assertEquals(List.of(), matchmaker.retry(T0.plusSeconds(1), avoid, 10));
    apart.clear();
    List<Matchmaker.Pairing> later = matchmaker.retry(T0.plusSeconds(2), avoid, 10);
    assertEquals(List.of(List.of("a", "b")), later.stream().map(MatchmakerTest::users).toList());
    assertEquals(0, matchmaker.size());
  }

  @Test
  void anAvoidedWaiterIsPassedForTheNextOneInLine() {
    BiPredicate<String, String> avoid = (x, y) -> Set.of(x, y).equals(Set.of("a", "c"));
    matchmaker.request("a", Set.of(), T0, avoid);
    matchmaker.remove("a");
    matchmaker.request("a", Set.of("t"), T0, avoid);
    matchmaker.request("b", Set.of("u"), T0.plusSeconds(1), avoid);
    assertEquals(
        List.of("b", "c"),
        users(matchmaker.request("c", Set.of(), T0.plusSeconds(2), avoid).orElseThrow()));
  }

  /** 50,000 waiting users: a request still looks at a handful of them, not the queue. */
  @Test
  void matchingCostDoesNotGrowWithTheQueue() {
    int waiting = 50_000;
    for (int i = 0; i < waiting; i++) {
      assertTrue(request("u" + i, Set.of("tag" + i), 0).isEmpty());
    }
    assertEquals(waiting, matchmaker.size());

    long before = matchmaker.examined();
    assertEquals(List.of("u0", "x"), users(request("x", Set.of(), 1).orElseThrow()));
    assertTrue(matchmaker.examined() - before <= 1, "no interests: the first waiter");

    before = matchmaker.examined();
    Matchmaker.Pairing pairing = request("y", Set.of("tag49999", "nobody"), 1).orElseThrow();
    assertEquals(List.of("u49999", "y"), users(pairing));
    assertTrue(matchmaker.examined() - before <= 2, "interests: the first waiter of each tag");

    before = matchmaker.examined();
    BiPredicate<String, String> avoidFirstThree = (a, b) -> Set.of("u1", "u2", "u3").contains(b);
    Matchmaker.Pairing skipping =
        matchmaker.request("z", Set.of(), T0.plusSeconds(1), avoidFirstThree).orElseThrow();
    assertEquals("u4", skipping.earlier().userId());
    assertTrue(matchmaker.examined() - before <= 4, "avoided users cost one look each");
    assertEquals(waiting - 3, matchmaker.size());
  }
}
