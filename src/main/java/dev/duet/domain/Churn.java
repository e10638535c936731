package dev.duet.domain;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * How busy a network has been lately, for the bot gate's difficulty: events (connections, "Next",
 * reports of its users) counted per network key in one-minute buckets; the count of a network is
 * the sum of its last {@value #MINUTES} buckets, the current one included. The caller serialises
 * calls and passes the time in.
 *
 * <p>Difficulty: a network with up to {@value #FREE} events in that window gets the base amount of
 * work; every doubling beyond doubles it, at most {@value #MAX_LEVEL} times ({@link #maxNumber}).
 */
public final class Churn {
  public static final int MINUTES = 5;
  public static final int FREE = 30;
  public static final int MAX_LEVEL = 6;
  private static final long MINUTE_MILLIS = 60_000;

  private final Map<String, long[]> minutes = new HashMap<>();
  private final Map<String, long[]> counts = new HashMap<>();

  /** Counts {@code weight} events of {@code network} at {@code now}; returns its count then. */
  public long add(String network, long weight, Instant now) {
    long minute = now.toEpochMilli() / MINUTE_MILLIS;
    long[] at = minutes.computeIfAbsent(network, n -> new long[MINUTES]);
    long[] count = counts.computeIfAbsent(network, n -> new long[MINUTES]);
    int slot = (int) Math.floorMod(minute, (long) MINUTES);
    if (at[slot] != minute) {
      at[slot] = minute;
      count[slot] = 0;
    }
    count[slot] += weight;
    return sum(at, count, minute);
  }

  /** The count of {@code network} at {@code now}. */
  public long count(String network, Instant now) {
    long[] at = minutes.get(network);
    return at == null ? 0 : sum(at, counts.get(network), now.toEpochMilli() / MINUTE_MILLIS);
  }

  private static long sum(long[] at, long[] count, long minute) {
    long total = 0;
    for (int i = 0; i < MINUTES; i++) {
      if (at[i] > minute - MINUTES && at[i] <= minute) {
        total += count[i];
      }
    }
    return total;
  }

  /** Forgets the networks with nothing in the window at {@code now}. */
  public void prune(Instant now) {
    minutes.keySet().removeIf(network -> count(network, now) == 0);
    counts.keySet().retainAll(minutes.keySet());
  }

  /** How many networks are remembered. */
  public int size() {
    return minutes.size();
  }

  /**
   * The bot gate's work for a network with {@code count} events lately: {@code base} up to {@value
   * #FREE} events, doubled for each doubling beyond (31–60 events: 2×, 61–120: 4×, …), at most
   * 2^{@value #MAX_LEVEL}×.
   */
  public static long maxNumber(long base, long count) {
    int level = 0;
    long limit = FREE;
    while (count > limit && level < MAX_LEVEL) {
      level++;
      limit *= 2;
    }
    return base << level;
  }
}
