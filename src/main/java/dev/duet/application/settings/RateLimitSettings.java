package dev.duet.application.settings;

import dev.duet.domain.TokenBucket;

/**
 * The rate limits of every connection, each its own bucket per connection.
 *
 * @param messageLimit messages ({@code RATE_LIMIT_PER_MINUTE}, default 120, after a burst of {@code
 *     RATE_LIMIT_BURST}, default 60: a call's offer, answer and ICE candidates fit in the burst)
 * @param matchLimit requests for a stranger, skips included ({@code MATCH_RATE_PER_MINUTE}, default
 *     20, after a burst of {@code MATCH_RATE_BURST}, default 5)
 * @param chatLimit chat messages ({@code CHAT_RATE_PER_MINUTE}, default 30, after a burst of {@code
 *     CHAT_RATE_BURST}, default 10)
 */
public record RateLimitSettings(Limit messageLimit, Limit matchLimit, Limit chatLimit) {

  /** A rate limit: {@code perMinute} sustained (0 turns it off) after a burst of {@code burst}. */
  public record Limit(int perMinute, int burst) {
    public TokenBucket bucket() {
      return new TokenBucket(perMinute, burst);
    }
  }

  static RateLimitSettings read(SettingValues values) {
    return new RateLimitSettings(
        limit(values, "RATE_LIMIT_PER_MINUTE", "120", "RATE_LIMIT_BURST", "60"),
        limit(values, "MATCH_RATE_PER_MINUTE", "20", "MATCH_RATE_BURST", "5"),
        limit(values, "CHAT_RATE_PER_MINUTE", "30", "CHAT_RATE_BURST", "10"));
  }

  private static Limit limit(
      SettingValues values, String rate, String rateDefault, String burst, String burstDefault) {
    return new Limit(
        values.positiveOrZero(rate, rateDefault), values.positive(burst, burstDefault));
  }
}
