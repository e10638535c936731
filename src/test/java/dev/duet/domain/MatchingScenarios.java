package dev.duet.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The rules of random matching as scenarios, each run against every implementation of them: the
 * domain {@link Matchmaker} ({@code MatchmakerTest}), the in-memory queue of a single instance and
 * the Redis queue of a cluster ({@code InMemoryMatchQueueTest}, {@code RedisMatchQueueTest}). The
 * interest fallback is {@link #FALLBACK}; avoidances (cooldowns, blocks) are deadlines.
 */
public abstract class MatchingScenarios {
  protected static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  protected static final Duration FALLBACK = Duration.ofSeconds(5);
  private static final Instant NEVER = T0.plus(Duration.ofDays(365));

  /** Two users paired: {@code earlier} has waited longer (polite), {@code later} is impolite. */
  public record Pair(String earlier, String later, List<String> common) {
    public List<String> users() {
      return List.of(earlier, later);
    }
  }

  /** What a request did: since when the user waits (a repeated request keeps it), the pair made. */
  public record Requested(Instant since, Optional<Pair> pair) {}

  /** A queue with the rules of the {@link Matchmaker}, its clock passed in. */
  public interface Matching {
    /** Queues the user, or pairs it at once; a user already waiting keeps its place. */
    Requested request(String user, Set<String> interests, Instant now);

    /** Takes the user out of the queue. */
    void remove(String user);

    /** Opens the waiters whose fallback ran out, tries again those passed over; the pairs made. */
    List<Pair> tick(Instant now);

    /** Keeps two users apart until {@code until}. */
    void avoid(String a, String b, Instant until);

    /** How many users wait. */
    int size();

    /** How many waiters requests have looked at so far, where the implementation counts them. */
    default OptionalLong examined() {
      return OptionalLong.empty();
    }
  }

  /** An empty queue with interest fallback {@link #FALLBACK}. */
  protected abstract Matching matching();

  /** How many users wait in {@link #matchingCostDoesNotGrowWithTheQueue}. */
  protected int crowd() {
    return 50_000;
  }

  private Matching queue;

  @BeforeEach
  void empty() {
    queue = matching();
  }

  private Optional<Pair> request(String user, Set<String> interests, int second) {
    return queue.request(user, interests, T0.plusSeconds(second)).pair();
  }

  private List<String> paired(String user, Set<String> interests, int second) {
    return request(user, interests, second).orElseThrow(() -> new AssertionError(user)).users();
  }

  private static List<List<String>> users(List<Pair> pairs) {
    return pairs.stream().map(Pair::users).toList();
  }

  @Test
  void aNewcomerWithoutInterestsGetsTheLongestWaiter() {
    assertTrue(request("a", Set.of("chess"), 0).isEmpty());
    assertTrue(request("b", Set.of("jazz"), 1).isEmpty());
    Pair pair = request("c", Set.of(), 2).orElseThrow();
    assertEquals(List.of("a", "c"), pair.users());
    assertEquals(List.of(), pair.common());
    assertEquals(1, queue.size());
  }

  @Test
  void waitersWithoutInterestsPairAtOnceInArrivalOrder() {
    assertTrue(request("a", Set.of(), 0).isEmpty());
    assertEquals(List.of("a", "b"), paired("b", Set.of(), 1));
    assertTrue(request("c", Set.of(), 2).isEmpty());
    assertTrue(request("d", Set.of("x"), 3).isPresent());
  }

  @Test
  void sharedInterestsComeFirst() {
    request("a", Set.of("chess"), 0);
    request("b", Set.of("jazz"), 1);
    Pair first = request("c", Set.of("jazz", "chess"), 2).orElseThrow();
    assertEquals(List.of("a", "c"), first.users());
    assertEquals(List.of("chess"), first.common());
    assertEquals(1, queue.size(), "b still waits");
  }

  @Test
  void theLongestWaiterSharingAnInterestWins() {
    request("a", Set.of("chess"), 0);
    request("b", Set.of("jazz"), 1);
    Pair pair = request("c", Set.of("jazz", "go"), 2).orElseThrow();
    assertEquals(List.of("b", "c"), pair.users());
    assertEquals(List.of("jazz"), pair.common());
  }

  @Test
  void withoutASharedInterestANewcomerWaitsUntilTheFallback() {
    request("a", Set.of("chess"), 0);
    assertTrue(request("b", Set.of("jazz"), 1).isEmpty());
    assertEquals(List.of(), queue.tick(T0.plus(FALLBACK).minusMillis(1)));
    List<Pair> pairs = queue.tick(T0.plus(FALLBACK));
    assertEquals(List.of(List.of("a", "b")), users(pairs));
    assertEquals(0, queue.size());
  }

  @Test
  void anOpenWaiterTakesANewcomerWithInterests() {
    request("open", Set.of(), 0);
    queue.remove("open");
    request("a", Set.of("chess"), 0);
    queue.tick(T0.plusSeconds(6));
    assertEquals(List.of("a", "b"), paired("b", Set.of("jazz"), 7));
  }

  @Test
  void aRepeatedRequestKeepsItsPlaceAndNeverPairsWithItself() {
    request("a", Set.of("chess"), 0);
    request("b", Set.of("jazz"), 1);
    Requested again = queue.request("a", Set.of("chess", "go"), T0.plusSeconds(2));
    assertTrue(again.pair().isEmpty());
    assertEquals(T0, again.since());
    assertEquals(List.of("a", "c"), paired("c", Set.of("go"), 3));
  }

  @Test
  void avoidedUsersAreSkippedAndTriedAgainWhenTheAvoidanceEnds() {
    queue.avoid("a", "b", T0.plusSeconds(2));
    request("a", Set.of(), 0);
    assertTrue(request("b", Set.of(), 0).isEmpty(), "b must not meet a");
    assertEquals(List.of(), queue.tick(T0.plusSeconds(1)));
    assertEquals(List.of(List.of("a", "b")), users(queue.tick(T0.plusSeconds(2))));
    assertEquals(0, queue.size());
  }

  @Test
  void anAvoidedWaiterIsPassedForTheNextOneInLine() {
    queue.avoid("a", "c", NEVER);
    request("a", Set.of(), 0);
    queue.remove("a");
    request("a", Set.of("t"), 0);
    request("b", Set.of("u"), 1);
    assertEquals(List.of("b", "c"), paired("c", Set.of(), 2));
  }

  /**
   * The interest ranking: whoever shares any tag ranks first, by arrival across all the shared tags
   * (not by the order of the tags); then the longest open waiter; a waiter still closed is never
   * taken by a newcomer it shares nothing with; a newcomer without interests takes the longest
   * waiter of all. The common interests are sorted.
   */
  @Test
  void theInterestRanking() {
    request("old", Set.of("chess"), 0);
    request("jazz", Set.of("jazz"), 1);
    request("go", Set.of("go"), 2);
    Pair first = request("n1", Set.of("go", "jazz", "chess"), 3).orElseThrow();
    assertEquals(List.of("old", "n1"), first.users());
    assertEquals(List.of("chess"), first.common());
    assertEquals(List.of("jazz", "n2"), paired("n2", Set.of("go", "jazz"), 3));
    assertTrue(request("rock", Set.of("rock"), 3).isEmpty(), "go is not open before 7 s");
    assertEquals(List.of(List.of("go", "rock")), users(queue.tick(T0.plusSeconds(8))));
    request("x", Set.of("x"), 9);
    assertTrue(request("y", Set.of("y"), 9).isEmpty(), "x is closed");
    assertEquals(List.of("x", "z"), paired("z", Set.of(), 10));
    request("many", Set.of("zebra", "apple", "mango", "kiwi"), 11);
    Pair sorted = request("more", Set.of("mango", "fig", "zebra", "apple"), 11).orElseThrow();
    assertEquals(List.of("many", "more"), sorted.users());
    assertEquals(List.of("apple", "mango", "zebra"), sorted.common());
    assertEquals(1, queue.size(), "y waits");
  }

  /**
   * A tag is any string of characters: a comma, a space, a character beyond the Basic Multilingual
   * Plane or a lone surrogate are tags like any other, equal only to themselves, and the common
   * interests are sorted in {@link String} order.
   */
  @Test
  void anyStringIsATag() {
    request("a", Set.of("rock,pop"), 0);
    assertTrue(request("b", Set.of("rock"), 0).isEmpty());
    assertTrue(request("c", Set.of("pop"), 0).isEmpty());
    Pair commas = request("d", Set.of("rock,pop", "rock pop"), 0).orElseThrow();
    assertEquals(List.of("a", "d"), commas.users());
    assertEquals(List.of("rock,pop"), commas.common());
    assertEquals(List.of("b", "e"), paired("e", Set.of("rock", "rock,pop"), 0));
    request("f", Set.of("\ud834\udd1e", "\uff5a", "pop,"), 0);
    Pair wide = request("g", Set.of("\uff5a", "\ud834\udd1e", "~"), 0).orElseThrow();
    assertEquals(List.of("f", "g"), wide.users());
    assertEquals(List.of("\ud834\udd1e", "\uff5a"), wide.common());
    assertTrue(request("h", Set.of("?"), 0).isEmpty());
    assertTrue(request("i", Set.of("\ud800"), 0).isEmpty(), "a lone surrogate is not ?");
    Pair lone = request("j", Set.of("\ud800", "\\u"), 0).orElseThrow();
    assertEquals(List.of("i", "j"), lone.users());
    assertEquals(List.of("\ud800"), lone.common());
    assertEquals(2, queue.size(), "c and h wait");
  }

  /** {@link #crowd()} waiting users: a request still looks at a handful of them, not the queue. */
  @Test
  void matchingCostDoesNotGrowWithTheQueue() {
    int waiting = crowd();
    for (int i = 0; i < waiting; i++) {
      assertTrue(request("u" + i, Set.of("tag" + i), 0).isEmpty());
    }
    assertEquals(waiting, queue.size());

    OptionalLong before = queue.examined();
    assertEquals(List.of("u0", "x"), paired("x", Set.of(), 1));
    assertAtMost(1, before, "no interests: the first waiter");

    before = queue.examined();
    String last = "u" + (waiting - 1);
    assertEquals(List.of(last, "y"), paired("y", Set.of("tag" + (waiting - 1), "nobody"), 1));
    assertAtMost(2, before, "interests: the first waiter of each tag");

    for (String avoided : List.of("u1", "u2", "u3")) {
      queue.avoid("z", avoided, NEVER);
    }
    before = queue.examined();
    assertEquals(List.of("u4", "z"), paired("z", Set.of(), 1));
    assertAtMost(4, before, "avoided users cost one look each");
    assertEquals(waiting - 3, queue.size());
  }

  private void assertAtMost(long looks, OptionalLong before, String what) {
    if (before.isPresent()) {
      long looked = queue.examined().getAsLong() - before.getAsLong();
      assertTrue(looked <= looks, what + ": " + looked + " looked at");
    }
  }
}
