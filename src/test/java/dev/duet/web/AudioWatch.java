package dev.duet.web;

import dev.duet.testing.Awaits;
import java.time.Duration;

/**
 * Watches the audio of a call on both pages, sampling the packets each has received every 200 ms:
 * how long each went without a packet at most, and when audio flows both ways again.
 */
final class AudioWatch {
  private static final Duration SAMPLE = Duration.ofMillis(200);

  private final Person[] people;
  private final double[] last;
  private final long[] lastGrowth;
  private final long[] longestGap;

  AudioWatch(Person... people) {
    this.people = people;
    last = new double[people.length];
    lastGrowth = new long[people.length];
    longestGap = new long[people.length];
    long now = System.nanoTime();
    for (int i = 0; i < people.length; i++) {
      last[i] = people[i].packetsReceived();
      lastGrowth[i] = now;
    }
  }

  /** Samples for {@code duration}, keeping the longest gap of each page. */
  void watch(Duration duration) {
    long end = System.nanoTime() + duration.toNanos();
    while (System.nanoTime() < end) {
      sample();
      Awaits.pause(SAMPLE);
    }
  }

  private boolean[] sample() {
    long now = System.nanoTime();
    boolean[] grew = new boolean[people.length];
    for (int i = 0; i < people.length; i++) {
      double packets = people[i].packetsReceived();
      if (packets < last[i] || packets > last[i]) {
        grew[i] = true;
        lastGrowth[i] = now;
      }
      last[i] = packets;
      longestGap[i] = Math.max(longestGap[i], now - lastGrowth[i]);
    }
    return grew;
  }

  /**
   * Waits until every page has received packets since {@code since} (nanoTime) and 25 more right
   * after, i.e. audio flows both ways again; returns how long after {@code since} that was, in
   * milliseconds.
   */
  long awaitFlowing(long since, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    double[] from = new double[people.length];
    boolean[] flowing = new boolean[people.length];
    long[] at = new long[people.length];
    while (System.nanoTime() < deadline) {
      sample();
      for (int i = 0; i < people.length; i++) {
        if (!flowing[i] && lastGrowth[i] > since) {
          flowing[i] = true;
          at[i] = lastGrowth[i];
          from[i] = last[i];
        }
      }
      boolean all = true;
      for (int i = 0; i < people.length; i++) {
        all &= flowing[i] && last[i] >= from[i] + 25;
      }
      if (all) {
        long latest = 0;
        for (long t : at) {
          latest = Math.max(latest, t);
        }
        return (latest - since) / 1_000_000;
      }
      Awaits.pause(SAMPLE);
    }
    throw new AssertionError(
        "audio did not flow both ways again within "
            + timeout
            + ": "
            + java.util.Arrays.toString(last));
  }

  /** The longest time page {@code i} went without a packet, in milliseconds. */
  long longestGapMillis(int i) {
    return longestGap[i] / 1_000_000;
  }
}
