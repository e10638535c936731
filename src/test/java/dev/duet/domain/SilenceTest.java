package dev.duet.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class SilenceTest {
  private static final long SECOND = Duration.ofSeconds(1).toNanos();
  private static final long PERIOD = Duration.ofMillis(750).toNanos();
  private static final long START = Long.MAX_VALUE - 20 * SECOND;

  private final Silence silence =
      new Silence(Duration.ofSeconds(15), Duration.ofSeconds(30), Duration.ofNanos(PERIOD), START);

  /** Beats every period from {@code from} (exclusive) to {@code until}; returns the last time. */
  private long beatUntil(long from, long until) {
    long now = from;
    while (until - (now + PERIOD) >= 0) {
      now += PERIOD;
      silence.beat(now);
    }
    return now;
  }

  @Test
  void nobodyIsSilentBeforeTheHeartbeatHasRunForATimeout() {
    long now = START + PERIOD;
    assertTrue(silence.beat(now).isEmpty());
    now = beatUntil(now, START + 29 * SECOND);
    assertTrue(silence.beat(now + PERIOD).isEmpty(), "29.x s after the start");
  }

  @Test
  void onABeatingHeartbeatSilenceIsTheTimeoutBeforeNow() {
    long now = beatUntil(START, START + 31 * SECOND);
    now += PERIOD;
    assertEquals(OptionalLong.of(now - 30 * SECOND), silence.beat(now));
  }

  @Test
  void afterAStallSilenceCountsAgainFromTheNextBeat() {
    long now = beatUntil(START, START + 40 * SECOND);
    long resumed = now + PERIOD + 9 * SECOND;
    assertTrue(silence.beat(resumed).isEmpty(), "a beat 9 s late drops nobody");
    now = beatUntil(resumed, resumed + 29 * SECOND);
    assertTrue(silence.beat(now + PERIOD).isEmpty(), "nor for a timeout after it");
    now = beatUntil(now + PERIOD, resumed + 31 * SECOND);
    assertEquals(OptionalLong.of(now + PERIOD - 30 * SECOND), silence.beat(now + PERIOD));
  }

  @Test
  void aBeatLateByLessThanItsSlackStillJudges() {
    long now = beatUntil(START, START + 40 * SECOND);
    long late = now + PERIOD + 7 * SECOND;
    assertEquals(OptionalLong.of(late - 30 * SECOND), silence.beat(late));
  }

  @Test
  void theSlackIsAtLeastASecondWhenTheTimeoutIsNotAboveTheInterval() {
    Silence tight =
        new Silence(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofNanos(PERIOD), 0);
    long now = 6 * SECOND;
    for (long t = PERIOD; t <= now; t += PERIOD) {
      tight.beat(t);
    }
    long late = now + PERIOD + SECOND / 2;
    assertEquals(OptionalLong.of(late - 5 * SECOND), tight.beat(late));
    long stalled = late + PERIOD + 2 * SECOND;
    assertTrue(tight.beat(stalled).isEmpty());
  }
}
