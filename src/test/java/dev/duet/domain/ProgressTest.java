package dev.duet.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProgressTest {
  private static final Instant LAST = Instant.parse("2026-01-01T00:00:00Z");
  private static final Duration LIMIT = Duration.ofSeconds(30);

  @Test
  void workThatStoppedWhileUsersWaitIsStuck() {
    assertEquals(
        Optional.of("the matchmaker has not completed for 31 s (limit 30 s) while 3 users wait"),
        Progress.stuck("the matchmaker", LAST, LAST.plusSeconds(31), LIMIT, 3));
    assertEquals(
        Optional.of("the matchmaker has not completed for 90 s (limit 30 s) while 1 user waits"),
        Progress.stuck("the matchmaker", LAST, LAST.plusSeconds(90), LIMIT, 1));
  }

  @Test
  void slowWorkWithinTheLimitIsNotStuck() {
    assertTrue(Progress.stuck("m", LAST, LAST.plusSeconds(30), LIMIT, 5).isEmpty());
    assertTrue(Progress.stuck("m", LAST, LAST.plusMillis(200), LIMIT, 5).isEmpty());
  }

  @Test
  void workNobodyWaitsForIsNeverStuck() {
    assertTrue(Progress.stuck("m", LAST, LAST.plus(Duration.ofHours(2)), LIMIT, 0).isEmpty());
  }
}
