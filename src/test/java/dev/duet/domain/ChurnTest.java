package dev.duet.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class ChurnTest {
  private static final Instant T0 = Instant.parse("2026-12-06T12:00:00Z");

  @Test
  void aNetworksCountIsItsLastFiveMinutes() {
    Churn churn = new Churn();
    assertEquals(1, churn.add("n", 1, T0));
    assertEquals(11, churn.add("n", 10, T0.plusSeconds(59)));
    assertEquals(12, churn.add("n", 1, T0.plus(Duration.ofMinutes(4))));
    assertEquals(1, churn.add("other", 1, T0.plus(Duration.ofMinutes(4))));
    assertEquals(1, churn.count("n", T0.plus(Duration.ofMinutes(5))), "the first minute is out");
    assertEquals(2, churn.add("n", 1, T0.plus(Duration.ofMinutes(5))));
    assertEquals(0, churn.count("n", T0.plus(Duration.ofMinutes(10))));
    churn.prune(T0.plus(Duration.ofMinutes(10)));
    assertEquals(0, churn.size());
    assertEquals(1, churn.add("n", 1, T0.plus(Duration.ofMinutes(10))), "a slot used again");
  }

  @Test
  void theWorkDoublesWithEachDoublingOfTheChurnUpToSixtyFourTimes() {
    assertEquals(20_000, Churn.maxNumber(20_000, 0));
    assertEquals(20_000, Churn.maxNumber(20_000, 30));
    assertEquals(40_000, Churn.maxNumber(20_000, 31));
    assertEquals(40_000, Churn.maxNumber(20_000, 60));
    assertEquals(80_000, Churn.maxNumber(20_000, 61));
    assertEquals(20_000L << 6, Churn.maxNumber(20_000, 1_000_000));
  }
}
