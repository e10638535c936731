package dev.duet.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The last {@code capacity} samples of how busy Duet was, one a minute: open connections at the
 * moment of the sample, and matches made since the sample before. Thread-safe.
 */
public final class ActivityHistory {
  private final Sample[] samples;
  private int next;
  private int count;
  private long lastMatchesMade = -1;

  /** One sample: {@code matches} were made in the period ending at {@code at}. */
  public record Sample(Instant at, int connections, long matches) {}

  public ActivityHistory(int capacity) {
    samples = new Sample[capacity];
  }

  /**
   * Records a sample from the live figures; {@code matchesMade} is the running total, of which the
   * sample keeps the increase since the previous one (0 for the first).
   */
  public synchronized void record(Instant at, int connections, long matchesMade) {
    long matches = lastMatchesMade < 0 ? 0 : Math.max(0, matchesMade - lastMatchesMade);
    lastMatchesMade = matchesMade;
    samples[next] = new Sample(at, connections, matches);
    next = (next + 1) % samples.length;
    count = Math.min(count + 1, samples.length);
  }

  /** The samples kept, oldest first. */
  public synchronized List<Sample> samples() {
    List<Sample> kept = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      kept.add(samples[(next - count + i + samples.length) % samples.length]);
    }
    return kept;
  }
}
