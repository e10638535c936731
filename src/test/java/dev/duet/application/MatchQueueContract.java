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
      MatchQueue.Requested requested = queue.request(user, interests, null, COOLDOWN, now);
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
      queue.avoid(a, b, until);
    }

    @Override
    public int size() {
      return queue.waiting();
    }
  }

  private static String started(MatchQueue queue, String first, String second, Instant at) {
    queue.request(first, Set.of(), null, COOLDOWN, at);
    return queue.request(second, Set.of(), null, COOLDOWN, at).started().orElseThrow().match().id();
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
    queue.avoid("cat", "ann", t0.plusSeconds(60));
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
    assertTrue(queue.request("a", Set.of(), null, COOLDOWN, T0).started().isEmpty());
    assertTrue(queue.request("b", Set.of(), null, COOLDOWN, T0).started().isEmpty());
    assertEquals(List.of(), queue.tick(T0.plus(COOLDOWN).minusMillis(1)));
    assertEquals(1, queue.tick(T0.plus(COOLDOWN)).size());
    assertEquals(0, queue.waiting());
    assertEquals(1, queue.active());
  }
}
