package dev.duet.domain;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The rate limits of many senders, each keyed by who it is (a session, or a client address): one
 * {@link TokenBucket} per {@link RateKind}, made when first used, with the limits given here. A
 * sender's buckets outlive its connections, so a reconnect refills nothing.
 *
 * <p>The book is bounded. A sender whose buckets would all be full again and whose refusals have
 * left the abuse window is forgotten by {@link #sweep}: it is then indistinguishable from a new
 * one, so forgetting it changes no verdict. At most {@code capacity} senders are kept; a new one
 * that finds the book full of senders active within that time is refused ({@link
 * TokenBucket.Verdict#LIMITED}) until some are forgotten.
 *
 * <p>Thread-safe: a sender's buckets are taken from under its own lock, so one sender's connections
 * may send at once. Time is {@link System#nanoTime()}-style nanoseconds passed in.
 */
public final class RateBook {
  private final Map<RateKind, Limit> limits;
  private final int capacity;
  private final long idleNanos;
  private final ConcurrentHashMap<String, Sender> senders = new ConcurrentHashMap<>();

  /** {@code perMinute} sustained after a burst of {@code burst}; a rate of 0 is no limit. */
  public record Limit(int perMinute, int burst) {
    public boolean unlimited() {
      return perMinute <= 0;
    }

    /** How long an emptied bucket takes to be full again, in nanoseconds. */
    long refillNanos() {
      return unlimited() ? 0 : (long) Math.ceil(burst * 60e9 / perMinute);
    }
  }

  /**
   * A book with these limits per sender; a kind without a limit, or with a rate of 0, is never
   * limited.
   */
  public RateBook(Map<RateKind, Limit> limits, int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1, not " + capacity);
    }
    this.limits = Map.copyOf(limits);
    this.capacity = capacity;
    this.idleNanos =
        this.limits.values().stream().mapToLong(Limit::refillNanos).max().orElse(0)
            + TokenBucket.DEFAULT_ABUSE_WINDOW.toNanos();
  }

  /** Takes one {@code kind} of action of {@code sender} at {@code nowNanos}. */
  public TokenBucket.Verdict take(String sender, RateKind kind, long nowNanos) {
    Limit limit = limits.get(kind);
    if (limit == null || limit.unlimited()) {
      return TokenBucket.Verdict.ALLOWED;
    }
    while (true) {
      Sender entry = senders.get(sender);
      if (entry == null) {
        if (senders.size() >= capacity) {
          sweep(nowNanos);
          if (senders.size() >= capacity) {
            return TokenBucket.Verdict.LIMITED;
          }
        }
        entry = senders.computeIfAbsent(sender, key -> new Sender());
      }
      synchronized (entry) {
        if (entry.forgotten) {
          continue;
        }
        entry.lastNanos = nowNanos;
        TokenBucket bucket = entry.buckets[kind.ordinal()];
        if (bucket == null) {
          bucket = new TokenBucket(limit.perMinute(), limit.burst());
          entry.buckets[kind.ordinal()] = bucket;
        }
        return bucket.take(nowNanos);
      }
    }
  }

  /** Forgets the senders that have been idle long enough for their buckets to be full again. */
  public void sweep(long nowNanos) {
    senders
        .values()
        .removeIf(
            entry -> {
              synchronized (entry) {
                entry.forgotten = nowNanos - entry.lastNanos >= idleNanos;
                return entry.forgotten;
              }
            });
  }

  /** How many senders are remembered now. */
  public int size() {
    return senders.size();
  }

  private static final class Sender {
    private final TokenBucket[] buckets = new TokenBucket[RateKind.values().length];
    private long lastNanos;
    private boolean forgotten;
  }
}
