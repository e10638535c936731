package dev.duet.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duet.application.port.Metrics;
import dev.duet.domain.Participant;
import java.lang.reflect.Field;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What operators see: the events the services report to {@link Metrics}, and liveness. */
class OperationsTest {
  private final Fixture f = new Fixture(Map.of("REMATCH_COOLDOWN", "0", "LIVENESS_TIMEOUT", "30s"));
  private final Housekeeping housekeeping = new Housekeeping();

  OperationsTest() {
    housekeeping.clock = f.clock;
    housekeeping.settings = f.settings;
    housekeeping.matches = f.matches;
    housekeeping.sessions = f.sessions;
    housekeeping.handover = f.handover;
  }

  private Participant open(String userId) throws UserIdTaken {
    return f.sessions.open(userId).participant();
  }

  @Test
  void matchesMadeAndEndedAreReportedOnceEachWithWaitsAndReasons() throws Exception {
    Participant a = open("a");
    Participant b = open("b");
    Participant c = open("c");
    f.matches.request(a, "192.0.2.1", null, null);
    f.clock.advance(Duration.ofMillis(1500));
    f.matches.request(b, "192.0.2.1", null, null);
    assertEquals(List.of("match_made 1500 0"), f.metrics.take());
    f.matches.request(a, "192.0.2.1", null, null);
    f.matches.request(c, "192.0.2.1", null, null);
    assertEquals(List.of("match_ended SKIPPED", "match_made 0 0"), f.metrics.take());
    f.matches.block(a, "c");
    f.sessions.close(b, "disconnected");
    assertEquals(List.of("match_ended BLOCKED"), f.metrics.take());
    assertEquals(0, f.matches.waiting());
  }

  @Test
  void waitingCountsTheQueueWithoutTheLock() throws Exception {
    Participant a = open("a");
    f.matches.request(a, "192.0.2.1", null, null);
    housekeeping.matchTick();
    f.clock.advance(Duration.ofSeconds(31));
    // Another thread holds the match lock, as a matching run stuck in it would, until released.
    Field field = MatchService.class.getDeclaredField("lock");
    field.setAccessible(true);
    Object lock = field.get(f.matches);
    CountDownLatch held = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<?> holder =
          pool.submit(
              () -> {
                synchronized (lock) {
                  held.countDown();
                  release.await(30, TimeUnit.SECONDS);
                }
                return null;
              });
      assertTrue(held.await(5, TimeUnit.SECONDS), "the lock is held");
      Future<Integer> waiting = pool.submit(() -> f.matches.waiting());
      assertEquals(1, waiting.get(2, TimeUnit.SECONDS), "read while the lock is held");
      Future<Optional<String>> stuck = pool.submit(() -> housekeeping.matchmakerStuck());
      Optional<String> answer = stuck.get(2, TimeUnit.SECONDS);
      assertTrue(answer.isPresent() && answer.get().contains("1 user waits"), answer.toString());
      assertFalse(holder.isDone(), "the lock was held all along");
      release.countDown();
      holder.get(5, TimeUnit.SECONDS);
    } finally {
      release.countDown();
      pool.shutdownNow();
    }
    f.matches.cancel(a);
    assertEquals(0, f.matches.waiting());
  }

  @Test
  void theMatchmakerIsStuckOnlyWhenItsRunsStopWhileSomeoneWaits() throws Exception {
    housekeeping.matchTick();
    f.clock.advance(Duration.ofMinutes(5));
    assertEquals(Optional.empty(), housekeeping.matchmakerStuck(), "nobody waits");

    f.matches.request(open("a"), "192.0.2.1", List.of("chess"), null);
    assertTrue(housekeeping.matchmakerStuck().isPresent(), "stopped before anyone waited");
    housekeeping.matchTick();
    assertEquals(Optional.empty(), housekeeping.matchmakerStuck(), "a run completed");
    f.clock.advance(Duration.ofSeconds(31));
    Optional<String> stuck = housekeeping.matchmakerStuck();
    assertTrue(stuck.isPresent());
    assertEquals(
        "the matchmaker has not completed for 31 s (limit 30 s) while 1 user waits", stuck.get());

    housekeeping.matchTick();
    assertEquals(Optional.empty(), housekeeping.matchmakerStuck(), "a run completed");
  }
}
