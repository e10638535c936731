package dev.duet.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duet.application.port.MatchQueue;
import dev.duet.domain.MatchingScenarios;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The rules every {@link MatchQueue} keeps, in memory or in Redis: every scenario of the domain
 * {@code Matchmaker} (its interest ranking included) through the port, and what only the port
 * holds, matches and what they leave behind.
 */
public abstract class MatchQueueContract extends MatchingScenarios {
  protected static final Duration COOLDOWN = Duration.ofMinutes(10);

  /** The settings of these tests: {@link #FALLBACK} and a {@link #COOLDOWN} rematch cooldown. */
  protected static final Map<String, String> CONFIG =
      Map.of("INTEREST_FALLBACK", "5s", "REMATCH_COOLDOWN", "10m");

  /** An empty queue with {@link #CONFIG} and whatever else the implementation needs. */
  protected abstract MatchQueue queue();

  @Override
  protected Matching matching() {
    return new Port(queue());
  }

  /** The port as the scenarios drive a queue: nobody to avoid on request, ticks as they are. */
  private record Port(MatchQueue queue) implements Matching {
    private static Pair pair(MatchQueue.Started started) {
      return new Pair(
          started.match().polite(), started.match().impolite(), started.match().commonInterests());
    }

    @Override
    public Requested request(String user, Set<String> interests, Instant now) {
      MatchQueue.Requested requested =
          queue.request(user, null, false, interests, null, COOLDOWN, now);
      return new Requested(requested.since(), requested.started().map(Port::pair));
    }

    @Override
    public void remove(String user) {
      queue.cancel(user);
    }

    @Override
    public List<Pair> tick(Instant now) {
      return queue.tick(now).stream().map(Port::pair).toList();
    }

    @Override
    public void avoid(String a, String b, Instant until) {
      queue.block(a, b, until, until);
    }

    @Override
    public int size() {
      return queue.waiting();
    }
  }

  private static String started(MatchQueue queue, String first, String second, Instant at) {
    return started(queue, first, null, second, null, at);
  }

  private static String started(
      MatchQueue queue, String first, String from, String second, String from2, Instant at) {
    queue.request(first, from, false, Set.of(), null, COOLDOWN, at);
    return queue
        .request(second, from2, false, Set.of(), null, COOLDOWN, at)
        .started()
        .orElseThrow()
        .match()
        .id();
  }

  private static boolean waits(MatchQueue queue, String user, String origin, Instant at) {
    return queue.request(user, origin, false, Set.of(), null, COOLDOWN, at).started().isEmpty();
  }

  /**
   * A block keeps the blocker apart from the network the blocked user was matched from, whoever of
   * the two waits first, until the block's deadline: a new id from there does not get past it.
   * Users from elsewhere are matched as before.
   */
  @Test
  void aBlockKeepsTheBlockerApartFromTheBlockedUsersNetwork() {
    MatchQueue queue = queue();
    started(queue, "ann", "~home", "bob", "~cafe", T0);
    Instant until = T0.plus(Duration.ofHours(1));
    queue.block("ann", "bob", until, T0.plusSeconds(1));
    queue.end("ann", COOLDOWN, true, true, T0.plusSeconds(1));
    assertTrue(waits(queue, "bob2", "~cafe", T0.plusSeconds(2)));
    assertTrue(waits(queue, "ann", "~home", T0.plusSeconds(2)), "bob's new id waits first");
    assertEquals(List.of(), queue.tick(T0.plusSeconds(3)));
    queue.cancel("bob2");
    assertTrue(waits(queue, "bob3", "~cafe", T0.plusSeconds(4)), "ann waits first");
    assertEquals(List.of(), queue.tick(until.minusMillis(1)));
    assertEquals(1, queue.tick(until).size(), "the block ran out");
    queue.end("ann", COOLDOWN, true, true, until);
    assertTrue(waits(queue, "ann", "~home", until));
    assertEquals(
        "ann",
        queue
            .request("cat", "~cafe", false, Set.of("x"), null, COOLDOWN, until)
            .started()
            .orElseThrow()
            .match()
            .polite());
  }

  /** A block of a partner from one's own network is of that user only. */
  @Test
  void aBlockWithinOnesOwnNetworkIsOfTheUserOnly() {
    MatchQueue queue = queue();
    started(queue, "ida", "~flat", "jo", "~flat", T0);
    queue.block("ida", "jo", T0.plus(Duration.ofDays(1)), T0);
    queue.end("ida", COOLDOWN, true, true, T0);
    assertTrue(waits(queue, "ida", "~flat", T0));
    assertTrue(!waits(queue, "kim", "~flat", T0), "a neighbour of both is matched");
  }

  /**
   * A block of a partner whose match ended takes their network while the two are kept apart for the
   * cooldown, not later: the network of an old match is not known any more.
   */
  @Test
  void aBlockAfterTheMatchTakesTheNetworkWithinTheCooldownOnly() {
    MatchQueue queue = queue();
    started(queue, "eve", "~one", "fay", "~two", T0);
    queue.end("fay", COOLDOWN, true, true, T0);
    queue.block("eve", "fay", T0.plus(Duration.ofDays(1)), T0.plus(COOLDOWN).minusMillis(1));
    started(queue, "gus", "~three", "hal", "~four", T0);
    queue.end("gus", COOLDOWN, true, true, T0);
    queue.block("gus", "hal", T0.plus(Duration.ofDays(1)), T0.plus(COOLDOWN));
    Instant later = T0.plus(COOLDOWN).plusSeconds(1);
    assertTrue(waits(queue, "eve", "~one", later));
    assertTrue(waits(queue, "fay2", "~two", later), "fay's network is kept from eve");
    queue.cancel("eve");
    queue.cancel("fay2");
    assertTrue(waits(queue, "gus", "~three", later));
    assertTrue(!waits(queue, "hal2", "~four", later), "hal's network was not known any more");
  }

  /**
   * Two users are kept apart from their match's end until the cooldown runs out, and from a block
   * until its deadline; strangers are not.
   */
  @Test
  void aPairIsAvoidedAfterItsMatchAndAfterABlockAndNotOtherwise() {
    MatchQueue queue = queue();
    Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
    started(queue, "ann", "bob", t0);
    assertTrue(!queue.avoids("ann", "bob", t0), "not while they talk: the match says so");
    queue.end("ann", COOLDOWN, true, true, t0.plusSeconds(5));
    assertTrue(queue.avoids("bob", "ann", t0.plusSeconds(6)));
    assertTrue(queue.avoids("ann", "bob", t0.plusSeconds(5).plus(COOLDOWN).minusMillis(1)));
    assertTrue(!queue.avoids("ann", "bob", t0.plusSeconds(5).plus(COOLDOWN)));
    assertTrue(!queue.avoids("ann", "cat", t0));
    queue.block("cat", "ann", t0.plusSeconds(60), t0);
    assertTrue(queue.avoids("ann", "cat", t0.plusSeconds(59)));
    assertTrue(!queue.avoids("ann", "cat", t0.plusSeconds(60)));
  }

  /**
   * A match is found by its id while it runs and until {@code REMATCH_COOLDOWN} after it ended (a
   * report is accepted that long), not a millisecond later, whether or not a tick ran meanwhile.
   */
  @Test
  void aMatchIsFoundUntilTheCooldownAfterItEnded() {
    MatchQueue queue = queue();
    String id = started(queue, "a", "b", T0);
    assertEquals("a", queue.current("b").orElseThrow().polite());
    assertEquals(id, queue.find(id, T0.plusSeconds(1)).orElseThrow().id());
    Instant ended = T0.plusSeconds(2);
    assertEquals(id, queue.end("b", COOLDOWN, true, true, ended).orElseThrow().match().id());
    assertTrue(queue.current("a").isEmpty());
    assertEquals(id, queue.find(id, ended.plus(COOLDOWN).minusMillis(1)).orElseThrow().id());
    assertTrue(queue.find(id, ended.plus(COOLDOWN)).isEmpty(), "the cooldown is over");
    assertTrue(queue.find("no-such-match", T0).isEmpty());
  }

  /** Two users whose match ended are kept apart for the cooldown, then matched by a tick. */
  @Test
  void anEndedMatchKeepsTheTwoApartForTheCooldown() {
    MatchQueue queue = queue();
    started(queue, "a", "b", T0);
    queue.end("a", COOLDOWN, true, true, T0);
    assertTrue(waits(queue, "a", null, T0));
    assertTrue(waits(queue, "b", null, T0));
    assertEquals(List.of(), queue.tick(T0.plus(COOLDOWN).minusMillis(1)));
    assertEquals(1, queue.tick(T0.plus(COOLDOWN)).size());
    assertEquals(0, queue.waiting());
    assertEquals(1, queue.active());
  }

  private static MatchQueue.Requested ask(
      MatchQueue queue, String user, boolean shadow, Set<String> interests, Instant at) {
    return queue.request(user, null, shadow, interests, null, COOLDOWN, at);
  }

  private static List<String> sides(MatchQueue.Requested requested) {
    MatchQueue.Started started = requested.started().orElseThrow();
    return List.of(started.match().polite(), started.match().impolite());
  }

  /** Two shadow-banned users are matched with each other as any two users are. */
  @Test
  void twoShadowBannedUsersAreMatchedWithEachOther() {
    MatchQueue queue = queue();
    assertTrue(ask(queue, "sam", true, Set.of("chess"), T0).started().isEmpty());
    MatchQueue.Requested requested =
        ask(queue, "sid", true, Set.of("chess", "go"), T0.plusSeconds(1));
    assertEquals(List.of("sam", "sid"), sides(requested));
    assertEquals(List.of("chess"), requested.started().orElseThrow().match().commonInterests());
    assertEquals(T0, requested.started().orElseThrow().politeSince());
    assertEquals(List.of(0, 0, 1), List.of(queue.waiting(), queue.shadowWaiting(), queue.active()));
  }

  /**
   * A shadow-banned user and an ordinary one are never matched, whoever waits first, though they
   * share an interest, nor once their interest fallback ran out and ticks ran: each is matched with
   * the next user of its own pool, past the other.
   */
  @Test
  void aShadowBannedAndAnOrdinaryUserAreNeverMatched() {
    MatchQueue queue = queue();
    assertTrue(ask(queue, "ann", false, Set.of("chess"), T0).started().isEmpty());
    assertTrue(ask(queue, "sam", true, Set.of("chess"), T0.plusSeconds(1)).started().isEmpty());
    assertEquals(List.of(), queue.tick(T0.plus(FALLBACK)));
    assertEquals(List.of(), queue.tick(T0.plus(FALLBACK).plusSeconds(1)));
    assertEquals(List.of(), queue.tick(T0.plus(COOLDOWN)));
    assertEquals(List.of(2, 1), List.of(queue.waiting(), queue.shadowWaiting()));
    Instant later = T0.plus(COOLDOWN).plusSeconds(1);
    assertEquals(List.of("sam", "sid"), sides(ask(queue, "sid", true, Set.of(), later)));
    assertTrue(ask(queue, "sue", true, Set.of("chess"), later).started().isEmpty());
    assertEquals(List.of("ann", "bob"), sides(ask(queue, "bob", false, Set.of(), later)));
    assertTrue(ask(queue, "cat", false, Set.of(), later).started().isEmpty());
    assertEquals(List.of(), queue.tick(later.plus(FALLBACK)));
    assertEquals(List.of(2, 1), List.of(queue.waiting(), queue.shadowWaiting()));
  }

  /** {@code shadowWaiting} counts the shadow-banned waiters, {@code waiting} everyone waiting. */
  @Test
  void theShadowBannedWaitersAreCounted() {
    MatchQueue queue = queue();
    ask(queue, "sam", true, Set.of("x"), T0);
    ask(queue, "ann", false, Set.of("y"), T0);
    ask(queue, "sid", true, Set.of("z"), T0);
    assertEquals(List.of(3, 2), List.of(queue.waiting(), queue.shadowWaiting()));
    queue.cancel("sam");
    assertEquals(List.of(2, 1), List.of(queue.waiting(), queue.shadowWaiting()));
    assertEquals(List.of("sid", "sue"), sides(ask(queue, "sue", true, Set.of(), T0)));
    assertEquals(List.of(1, 0), List.of(queue.waiting(), queue.shadowWaiting()));
  }

  /**
   * A waiter asking from the other pool moves there keeping its place: it goes before those who
   * came after it, its {@code since} stays (its interest fallback runs out from there), and the
   * pool it left offers it to nobody.
   */
  @Test
  void aWaiterAskingFromTheOtherPoolMovesThereKeepingItsPlace() {
    MatchQueue queue = queue();
    ask(queue, "ann", false, Set.of(), T0);
    ask(queue, "sid", true, Set.of(), T0.plusSeconds(1));
    MatchQueue.Requested moved = ask(queue, "ann", true, Set.of(), T0.plusSeconds(2));
    assertEquals(T0, moved.since());
    assertEquals(List.of("ann", "sid"), sides(moved));
    assertEquals(T0, moved.started().orElseThrow().politeSince());
    ask(queue, "bob", true, Set.of(), T0.plusSeconds(3));
    assertEquals(
        T0.plusSeconds(3), ask(queue, "bob", false, Set.of("x"), T0.plusSeconds(4)).since());
    assertEquals(List.of(1, 0), List.of(queue.waiting(), queue.shadowWaiting()));
    assertTrue(ask(queue, "cat", true, Set.of(), T0.plusSeconds(5)).started().isEmpty());
    assertTrue(ask(queue, "dan", false, Set.of("y"), T0.plusSeconds(5)).started().isEmpty());
    List<MatchQueue.Started> opened = queue.tick(T0.plusSeconds(3).plus(FALLBACK));
    assertEquals(List.of("bob|dan"), opened.stream().map(MatchQueueContract::sides).toList());
    assertEquals(T0.plusSeconds(3), opened.get(0).politeSince());
  }

  private static String sides(MatchQueue.Started started) {
    return started.match().polite() + "|" + started.match().impolite();
  }

  /**
   * Randomized requests (fixed seeds) of users each of one pool, now and then asking from the
   * other, with cancels, ends, ticks and the clock moving past fallbacks and cooldowns: every match
   * made is within the pool both sides last asked from, both pools make matches, and the counts of
   * waiters are those of the users left waiting.
   */
  @Test
  void everyMatchOfRandomizedRequestsIsWithinOnePool() {
    int[] made = new int[2];
    for (long seed = 1; seed <= 5; seed++) {
      MatchQueue queue = queue();
      Random random = new Random(seed);
      Map<String, Boolean> pools = new HashMap<>();
      Set<String> waiting = new HashSet<>();
      Instant now = T0;
      for (int step = 0; step < 200; step++) {
        int number = random.nextInt(12);
        String user = "u" + number;
        int roll = random.nextInt(10);
        List<MatchQueue.Started> started = new ArrayList<>();
        if (roll < 6) {
          boolean shadow = (number % 3 == 0) != (random.nextInt(10) == 0);
          pools.put(user, shadow);
          Set<String> interests =
              List.of(Set.<String>of(), Set.of("a"), Set.of("a", "b")).get(random.nextInt(3));
          Duration cooldown = Duration.ofSeconds(random.nextInt(4));
          queue
              .request(user, null, shadow, interests, null, cooldown, now)
              .started()
              .ifPresent(started::add);
          waiting.add(user);
        } else if (roll < 7) {
          queue.cancel(user);
          waiting.remove(user);
        } else if (roll < 8) {
          queue.end(user, Duration.ofSeconds(random.nextInt(4)), true, true, now);
        } else {
          now = now.plusMillis(random.nextInt(3_000));
          started.addAll(queue.tick(now));
        }
        for (MatchQueue.Started match : started) {
          boolean pool = pools.get(match.match().polite());
          assertEquals(pool, pools.get(match.match().impolite()), "seed " + seed + ", " + match);
          made[pool ? 1 : 0]++;
          waiting.remove(match.match().polite());
          waiting.remove(match.match().impolite());
        }
        assertEquals(waiting.size(), queue.waiting(), "seed " + seed + ", step " + step);
        assertEquals(
            waiting.stream().filter(pools::get).count(),
            queue.shadowWaiting(),
            "seed " + seed + ", step " + step);
      }
    }
    assertTrue(made[0] > 0 && made[1] > 0, "matches in both pools: " + Arrays.toString(made));
  }
}
