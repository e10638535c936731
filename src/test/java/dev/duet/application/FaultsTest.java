package dev.duet.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A periodic task survives what it throws; an Error marks the server for a restart. */
class FaultsTest {
  private final Faults faults = new Faults();

  FaultsTest() {
    faults.clock = Clock.fixed(Instant.parse("2026-12-06T12:00:00Z"), ZoneOffset.UTC);
  }

  @Test
  @Timeout(10)
  void aScheduledTaskThatThrowsAnErrorRunsAgainAndLivenessIsToldOnce() throws Exception {
    AtomicInteger runs = new AtomicInteger();
    CountDownLatch threeMore = new CountDownLatch(4);
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    try {
      scheduler.scheduleWithFixedDelay(
          faults.guard(
              "matching tick",
              () -> {
                threeMore.countDown();
                switch (runs.incrementAndGet()) {
                  case 1 -> throw new OutOfMemoryError("Java heap space");
                  case 2 -> throw new IllegalStateException("the database is gone");
                  case 3 -> throw new StackOverflowError();
                  default -> {}
                }
              }),
          0,
          5,
          TimeUnit.MILLISECONDS);
      assertTrue(threeMore.await(5, TimeUnit.SECONDS), "ran " + runs.get() + " times");
    } finally {
      scheduler.shutdownNow();
    }
    assertEquals(
        Optional.of(
            "java.lang.OutOfMemoryError: Java heap space in matching tick at 2026-12-06T12:00:00Z"),
        faults.fatal(),
        "the first error is kept");
  }

  @Test
  @Timeout(10)
  void anExceptionAloneLeavesLivenessAlone() {
    faults
        .guard(
            "clean-up",
            () -> {
              throw new IllegalStateException("the database is locked");
            })
        .run();
    assertEquals(Optional.empty(), faults.fatal());
  }
}
