package dev.duet.web;

import dev.duet.testing.Awaits;
import java.time.Duration;

/**
 * Watches the audio of a call on both pages, sampling the packets each has received every 200 ms:
 * how long each went without a packet at most.
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

  private void sample() {
    long now = System.nanoTime();
    for (int i = 0; i < people.length; i++) {
      double packets = people[i].packetsReceived();
      if (packets != last[i]) {
        lastGrowth[i] = now;
      }
      last[i] = packets;
      longestGap[i] = Math.max(longestGap[i], now - lastGrowth[i]);
    }
  }

  /** The longest time page {@code i} went without a packet, in milliseconds. */
  long longestGapMillis(int i) {
    return longestGap[i] / 1_000_000;
  }
}
