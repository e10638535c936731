package dev.duet.domain;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Pairs who must not be matched until a given time: recent partners (the rematch cooldown, whoever
 * skipped whom) and blocks. An avoidance is symmetric and the later of two deadlines wins.
 *
 * <p>A party is a user id or a user's <em>origin</em>, an opaque key of the network a request came
 * from (one per IPv4 address or IPv6 /64, never an address itself; it cannot be a user id). A block
 * keeps the blocker apart from the blocked user and from that user's origin, so a new id from the
 * same network finds the blocker kept apart too ({@link #keepsApart}). Not thread-safe: the
 * matchmaking service guards it.
 */
public final class Avoidances {
  private final Map<String, Map<String, Instant>> until = new HashMap<>();

  /** Keeps {@code a} and {@code b} apart until {@code deadline}. */
  public void avoid(String a, String b, Instant deadline) {
    put(a, b, deadline);
    put(b, a, deadline);
  }

  private void put(String from, String to, Instant deadline) {
    until.computeIfAbsent(from, k -> new HashMap<>()).merge(to, deadline, Avoidances::later);
  }

  private static Instant later(Instant x, Instant y) {
    return x.isAfter(y) ? x : y;
  }

  /** Whether {@code a} and {@code b} must not be matched at {@code now}. */
  public boolean avoids(String a, String b, Instant now) {
    Map<String, Instant> mine = until.get(a);
    if (mine == null) {
      return false;
    }
    Instant deadline = mine.get(b);
    return deadline != null && deadline.isAfter(now);
  }

  /**
   * Whether users {@code a} and {@code b}, requesting from origins {@code originA} and {@code
   * originB} (either may be null), must not be matched at {@code now}: they avoid each other, or
   * one of them avoids the other's origin.
   */
  public boolean keepsApart(String a, String originA, String b, String originB, Instant now) {
    return avoids(a, b, now)
        || (originB != null && avoids(a, originB, now))
        || (originA != null && avoids(b, originA, now));
  }

  /** Forgets every avoidance that has run out; returns how many pairs remain. */
  public int prune(Instant now) {
    until.values().forEach(mine -> mine.values().removeIf(deadline -> !deadline.isAfter(now)));
    until.values().removeIf(Map::isEmpty);
    return until.values().stream().mapToInt(Map::size).sum() / 2;
  }
}
