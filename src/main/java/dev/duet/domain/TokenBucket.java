package dev.duet.domain;

import java.time.Duration;

/**
 * One rate limit of one sender (see {@link RateBook}): a bucket of {@code burst} tokens, full at
 * the start, refilled continuously at {@code ratePerMinute / 60} tokens a second; every message
 * takes one token, and a message that finds the bucket empty is refused ({@link Verdict#LIMITED}).
 *
 * <p>Sustained abuse is a refused message that brings the refusals of the last {@code abuseWindow}
 * to {@code (abuseFactor - 1) * rate * abuseWindow} or more ({@link Verdict#ABUSIVE}): that is how
 * many a sender at {@code abuseFactor} times the rate is refused over the window, since the bucket
 * lets the rate itself through. With the defaults (factor 4, 10 seconds) and 60 messages a minute,
 * that is 30 refusals within 10 seconds, reached about 10 seconds into a flood at 4 messages a
 * second, within 3 seconds at 16 a second, and never at 3 a second; 30 refusals in a shorter flood
 * count the same. The refusals are counted in tenths of the window, so "the last window" is the
 * current tenth and the ten before it.
 *
 * <p>{@code ratePerMinute <= 0} means unlimited: every message is {@link Verdict#ALLOWED}. An
 * {@code abuseFactor} of 1 makes the first refusal abusive.
 *
 * <p>Time is {@link System#nanoTime()}-style nanoseconds passed in; only differences are used, so
 * the counter may wrap, and a time before the latest one seen counts as that latest one. Not
 * thread-safe: {@link RateBook} takes a sender's buckets under the sender's lock. No allocation per
 * message.
 */
public final class TokenBucket {
  public static final int DEFAULT_ABUSE_FACTOR = 4;
  public static final Duration DEFAULT_ABUSE_WINDOW = Duration.ofSeconds(10);

  private static final int TENTHS = 10;
  private static final double NANOS_PER_MINUTE = 60e9;

  /** What to do with a message. */
  public enum Verdict {
    /** Within the limit: handle it. */
    ALLOWED,
    /** Over the limit: drop it and answer {@code rate_limited}. */
    LIMITED,
    /** Over the limit for long enough to close the connection (4429). */
    ABUSIVE
  }

  private final boolean unlimited;
  private final int burst;
  private final double tokensPerNano;
  private final long abuseThreshold;
  private final long tenthNanos;
  private final long[] refusedPerTenth = new long[TENTHS + 1];

  private boolean started;
  private long lastNanos;
  private long elapsedNanos;
  private double tokens;
  private long currentTenth;
  private long refusedInWindow;

  /** A bucket with the default abuse rule: 4 times the rate for 10 seconds. */
  public TokenBucket(int ratePerMinute, int burst) {
    this(ratePerMinute, burst, DEFAULT_ABUSE_FACTOR, DEFAULT_ABUSE_WINDOW);
  }

  public TokenBucket(int ratePerMinute, int burst, int abuseFactor, Duration abuseWindow) {
    unlimited = ratePerMinute <= 0;
    if (!unlimited && burst < 1) {
      throw new IllegalArgumentException("burst must be at least 1, not " + burst);
    }
    if (abuseFactor < 1) {
      throw new IllegalArgumentException("abuseFactor must be at least 1, not " + abuseFactor);
    }
    if (abuseWindow.toNanos() < TENTHS) {
      throw new IllegalArgumentException("abuseWindow must be positive, not " + abuseWindow);
    }
    this.burst = burst;
    this.tokens = burst;
    this.tokensPerNano = unlimited ? 0 : ratePerMinute / NANOS_PER_MINUTE;
    this.tenthNanos = abuseWindow.toNanos() / TENTHS;
    this.abuseThreshold =
        Math.max(
            1,
            (long)
                Math.ceil(
                    (abuseFactor - 1)
                        * (double) ratePerMinute
                        * abuseWindow.toNanos()
                        / NANOS_PER_MINUTE));
  }

  /** Takes a token for one message at {@code nowNanos}, if there is one. */
  public Verdict take(long nowNanos) {
    if (unlimited) {
      return Verdict.ALLOWED;
    }
    advanceTo(nowNanos);
    if (tokens >= 1) {
      tokens -= 1;
      return Verdict.ALLOWED;
    }
    refusedPerTenth[(int) (currentTenth % refusedPerTenth.length)]++;
    refusedInWindow++;
    return refusedInWindow >= abuseThreshold ? Verdict.ABUSIVE : Verdict.LIMITED;
  }

  /** Whether a message at {@code nowNanos} is allowed; a refusal counts toward abuse. */
  public boolean tryTake(long nowNanos) {
    return take(nowNanos) == Verdict.ALLOWED;
  }

  private void advanceTo(long nowNanos) {
    if (!started) {
      started = true;
      lastNanos = nowNanos;
    }
    long delta = nowNanos - lastNanos;
    if (delta <= 0) {
      return;
    }
    lastNanos = nowNanos;
    elapsedNanos += delta;
    tokens = Math.min(burst, tokens + delta * tokensPerNano);

    long tenth = elapsedNanos / tenthNanos;
    long stale = Math.min(tenth - currentTenth, refusedPerTenth.length);
    for (long i = 1; i <= stale; i++) {
      int slot = (int) ((currentTenth + i) % refusedPerTenth.length);
      refusedInWindow -= refusedPerTenth[slot];
      refusedPerTenth[slot] = 0;
    }
    currentTenth = tenth;
  }
}
