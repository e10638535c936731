package dev.duet.domain;

import static dev.duet.domain.TokenBucket.Verdict.ABUSIVE;
import static dev.duet.domain.TokenBucket.Verdict.ALLOWED;
import static dev.duet.domain.TokenBucket.Verdict.LIMITED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duet.domain.TokenBucket.Verdict;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TokenBucketTest {
  private static final long T0 = 1_000_000_000L;
  private static final long MS = 1_000_000L;
  private static final long S = 1_000_000_000L;

  @Test
  void theBurstIsAllowedAndThenTheNextMessageIsLimited() {
    TokenBucket bucket = new TokenBucket(60, 5);
    for (int i = 0; i < 5; i++) {
      assertEquals(ALLOWED, bucket.take(T0));
    }
    assertEquals(LIMITED, bucket.take(T0));
    assertFalse(bucket.tryTake(T0));
  }

  @Test
  void tokensRefillContinuouslyAtTheRate() {
    TokenBucket bucket = new TokenBucket(120, 1);
    assertEquals(ALLOWED, bucket.take(T0));
    assertEquals(LIMITED, bucket.take(T0 + 499 * MS));
    assertEquals(ALLOWED, bucket.take(T0 + 501 * MS));
    assertEquals(LIMITED, bucket.take(T0 + 502 * MS));
    assertEquals(ALLOWED, bucket.take(T0 + 1002 * MS));
  }

  @Test
  void refillStopsAtTheBurst() {
    TokenBucket bucket = new TokenBucket(60, 3);
    long later = T0 + Duration.ofHours(1).toNanos();
    bucket.take(T0);
    for (int i = 0; i < 3; i++) {
      assertEquals(ALLOWED, bucket.take(later));
    }
    assertEquals(LIMITED, bucket.take(later));
  }

  @Test
  void aSteadySenderAtTheRateIsNeverLimited() {
    TokenBucket bucket = new TokenBucket(60, 1);
    for (long t = T0; t < T0 + 600 * S; t += S) {
      assertEquals(ALLOWED, bucket.take(t));
    }
  }

  @Test
  void fourTimesTheRateIsAbusiveAfterTheBurstAndAboutTheWindow() {
    TokenBucket bucket = new TokenBucket(60, 10);
    long abusiveAt = -1;
    for (long t = T0; t < T0 + 30 * S; t += 250 * MS) {
      if (bucket.take(t) == ABUSIVE) {
        abusiveAt = t - T0;
        break;
      }
    }
    assertTrue(abusiveAt >= 12 * S && abusiveAt <= 15 * S, "abusive after " + abusiveAt + " ns");
  }

  @Test
  void twiceTheRateIsLimitedButNeverAbusive() {
    TokenBucket bucket = new TokenBucket(60, 10);
    int limited = 0;
    for (long t = T0; t < T0 + 600 * S; t += 500 * MS) {
      Verdict verdict = bucket.take(t);
      assertNotEquals(ABUSIVE, verdict);
      if (verdict == LIMITED) {
        limited++;
      }
    }
    assertTrue(limited > 500, "limited " + limited);
  }

  @Test
  void threeTimesTheRateIsNeverAbusive() {
    TokenBucket bucket = new TokenBucket(600, 10);
    for (long t = T0; t < T0 + 120 * S; t += S / 30) {
      assertNotEquals(ABUSIVE, bucket.take(t));
    }
  }

  @Test
  void theThresholdIsThreeTimesWhatTheRateAllowsOverTheWindow() {
    TokenBucket bucket = new TokenBucket(60, 10);
    for (int i = 0; i < 10; i++) {
      assertEquals(ALLOWED, bucket.take(T0));
    }
    for (int i = 1; i < 30; i++) {
      assertEquals(LIMITED, bucket.take(T0), "refusal " + i);
    }
    assertEquals(ABUSIVE, bucket.take(T0));
    assertEquals(ABUSIVE, bucket.take(T0));
  }

  @Test
  void refusalsOlderThanTheWindowAreForgotten() {
    TokenBucket bucket = new TokenBucket(60, 10);
    flood(bucket, T0, 10, 29);
    flood(bucket, T0 + 11 * S, 10, 29);
    assertEquals(ABUSIVE, bucket.take(T0 + 11 * S));
  }

  @Test
  void theWindowIsTheCurrentTenthAndTheTenBefore() {
    TokenBucket bucket = new TokenBucket(60, 10);
    flood(bucket, T0, 10, 29);
    flood(bucket, T0 + 10_999 * MS, 10, 0);
    assertEquals(ABUSIVE, bucket.take(T0 + 10_999 * MS));
  }

  @Test
  void refusalsWithinTheWindowAddUp() {
    TokenBucket bucket = new TokenBucket(60, 10);
    flood(bucket, T0, 10, 29);
    long later = T0 + 5 * S;
    for (int i = 0; i < 5; i++) {
      assertEquals(ALLOWED, bucket.take(later));
    }
    assertEquals(ABUSIVE, bucket.take(later));
  }

  @Test
  void theAbuseFactorAndWindowAreParameters() {
    TokenBucket bucket = new TokenBucket(60, 1, 2, Duration.ofSeconds(5));
    assertTrue(bucket.tryTake(T0));
    for (int i = 0; i < 4; i++) {
      assertEquals(LIMITED, bucket.take(T0));
    }
    assertEquals(ABUSIVE, bucket.take(T0));

    TokenBucket strict = new TokenBucket(60, 1, 1, Duration.ofSeconds(10));
    strict.take(T0);
    assertEquals(ABUSIVE, strict.take(T0));
  }

  @Test
  void nanoTimeMayWrap() {
    // 400 ms before System.nanoTime() wraps: every later reading below is negative.
    long start = Long.MAX_VALUE - 400 * MS;
    TokenBucket bucket = new TokenBucket(60, 1);
    assertEquals(ALLOWED, bucket.take(start));
    assertEquals(LIMITED, bucket.take(start + 500 * MS));
    assertEquals(ALLOWED, bucket.take(start + 1001 * MS));
    assertEquals(LIMITED, bucket.take(start + 1002 * MS));
    // The window is counted across the wrap too: 3 times the rate's window refused, then abusive.
    flood(bucket, start + 12 * S, 1, 29);
    assertEquals(ABUSIVE, bucket.take(start + 12 * S));
    assertEquals(ALLOWED, bucket.take(start + 24 * S), "a bucket refilled after the wrap");
  }

  @Test
  void timeGoingBackwardsRefillsNothing() {
    TokenBucket bucket = new TokenBucket(60, 1);
    assertEquals(ALLOWED, bucket.take(T0));
    assertEquals(LIMITED, bucket.take(T0 - 10 * S));
    assertEquals(LIMITED, bucket.take(T0 + 500 * MS));
    assertEquals(ALLOWED, bucket.take(T0 + 1001 * MS));
  }

  @Test
  void aRateOfZeroOrLessIsUnlimited() {
    for (int rate : new int[] {0, -1}) {
      TokenBucket bucket = new TokenBucket(rate, 0);
      for (int i = 0; i < 100_000; i++) {
        assertEquals(ALLOWED, bucket.take(T0));
      }
    }
  }

  @Test
  void badParametersAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> new TokenBucket(60, 0));
    assertThrows(
        IllegalArgumentException.class, () -> new TokenBucket(60, 1, 0, Duration.ofSeconds(10)));
    assertThrows(IllegalArgumentException.class, () -> new TokenBucket(60, 1, 10, Duration.ZERO));
    assertThrows(
        IllegalArgumentException.class, () -> new TokenBucket(60, 1, 10, Duration.ofSeconds(-1)));
  }

  private static void flood(TokenBucket bucket, long at, int allowed, int limited) {
    for (int i = 0; i < allowed; i++) {
      assertEquals(ALLOWED, bucket.take(at), "allowed " + i);
    }
    for (int i = 0; i < limited; i++) {
      assertEquals(LIMITED, bucket.take(at), "limited " + i);
    }
  }
}
