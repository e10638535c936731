package dev.duet.domain;

import java.time.Duration;
import java.util.Arrays;

/**
 * How long matched users waited, over the last {@code window} matches: average and percentiles.
 * Thread-safe.
 */
public final class WaitTimes {
  private final long[] millis;
  private int next;
  private int count;

  public WaitTimes(int window) {
    millis = new long[window];
  }

  public synchronized void record(Duration wait) {
    millis[next] = wait.toMillis();
    next = (next + 1) % millis.length;
    count = Math.min(count + 1, millis.length);
  }

  /** The mean wait in milliseconds, 0 when nobody has been matched. */
  public synchronized double averageMillis() {
    return count == 0 ? 0 : Arrays.stream(millis, 0, count).average().orElse(0);
  }

  /** The {@code percent}th percentile wait in milliseconds (nearest rank), 0 when empty. */
  public synchronized long percentileMillis(int percent) {
    if (count == 0) {
      return 0;
    }
    long[] sorted = Arrays.copyOf(millis, count);
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(percent / 100.0 * count);
    return sorted[Math.max(0, rank - 1)];
  }
}
