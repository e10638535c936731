package dev.duet.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duet.application.port.MatchQueue;
import dev.duet.domain.MatchingScenarios;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
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
      MatchQueue.Requested requested = queue.request(user, null, interests, null, COOLDOWN, now);
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
    queue.request(first, from, Set.of(), null, COOLDOWN, at);
    return queue
        .request(second, from2, Set.of(), null, COOLDOWN, at)
        .started()
        .orElseThrow()
        .match()
        .id();
  }

  private static boolean waits(MatchQueue queue, String user, String origin, Instant at) {
    return queue.request(user, origin, Set.of(), null, COOLDOWN, at).started().isEmpty();
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
            .request("cat", "~cafe", Set.of("x"), null, COOLDOWN, until)
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
}
