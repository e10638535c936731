package dev.duet.application.settings;

import dev.duet.domain.RateBook.Limit;
import dev.duet.domain.RateKind;
import java.util.EnumMap;
import java.util.Map;

/**
 * The rate limits, per session (kept across its reconnects) and per client address (IPv4 /32, IPv6
 * /64; every session and connection from there together).
 *
 * @param messageLimit messages per session ({@code RATE_LIMIT_PER_MINUTE}, default 120, after a
 *     burst of {@code RATE_LIMIT_BURST}, default 60: a call's offer, answer and ICE candidates fit
 *     in the burst)
 * @param matchLimit requests for a stranger, skips included ({@code MATCH_RATE_PER_MINUTE}, default
 *     20, after a burst of {@code MATCH_RATE_BURST}, default 5)
 * @param chatLimit chat messages ({@code CHAT_RATE_PER_MINUTE}, default 30, after a burst of {@code
 *     CHAT_RATE_BURST}, default 10)
 * @param roomLimit room joins, each a room created or looked for ({@code ROOM_RATE_PER_MINUTE},
 *     default 10, after a burst of {@code ROOM_RATE_BURST}, default 5)
 * @param iceLimit {@code refresh_ice} requests, each a new TURN credential ({@code
 *     ICE_RATE_PER_MINUTE}, default 6, after a burst of {@code ICE_RATE_BURST}, default 6: a page
 *     asks before each ICE restart, backing off)
 * @param statsLimit {@code call_stats} reports ({@code STATS_RATE_PER_MINUTE}, default 12, after a
 *     burst of {@code STATS_RATE_BURST}, default 6: one when a call connects or fails, one every 30
 *     s, one when it ends)
 * @param connectLimit handshakes per address ({@code CONNECT_RATE_PER_MINUTE}, default 60, after a
 *     burst of {@code CONNECT_RATE_BURST}, default 30)
 * @param addressFactor how many sessions' worth of messages, "Next", chat and room joins an address
 *     may send together ({@code ADDRESS_RATE_FACTOR}, default 10; 0 leaves addresses unlimited)
 */
public record RateLimitSettings(
    Limit messageLimit,
    Limit matchLimit,
    Limit chatLimit,
    Limit roomLimit,
    Limit iceLimit,
    Limit statsLimit,
    Limit connectLimit,
    int addressFactor) {

  /** The limits of one session. */
  public Map<RateKind, Limit> perSession() {
    Map<RateKind, Limit> limits = new EnumMap<>(RateKind.class);
    limits.put(RateKind.MESSAGE, messageLimit);
    limits.put(RateKind.MATCH, matchLimit);
    limits.put(RateKind.CHAT, chatLimit);
    limits.put(RateKind.ROOM, roomLimit);
    limits.put(RateKind.ICE, iceLimit);
    limits.put(RateKind.STATS, statsLimit);
    return limits;
  }

  /**
   * The limits of one address: {@code addressFactor} times a session's (none with a factor of 0).
   * Its handshakes are counted apart ({@code connectLimit}, {@link
   * dev.duet.application.port.ConnectBuckets}).
   */
  public Map<RateKind, Limit> perAddress() {
    Map<RateKind, Limit> limits = new EnumMap<>(RateKind.class);
    if (addressFactor > 0) {
      perSession()
          .forEach(
              (kind, limit) ->
                  limits.put(
                      kind,
                      new Limit(
                          saturated(limit.perMinute() * (long) addressFactor),
                          saturated(limit.burst() * (long) addressFactor))));
    }
    return limits;
  }

  private static int saturated(long value) {
    return (int) Math.min(Integer.MAX_VALUE, value);
  }

  static RateLimitSettings read(SettingValues values) {
    return new RateLimitSettings(
        limit(values, "RATE_LIMIT_PER_MINUTE", "120", "RATE_LIMIT_BURST", "60"),
        limit(values, "MATCH_RATE_PER_MINUTE", "20", "MATCH_RATE_BURST", "5"),
        limit(values, "CHAT_RATE_PER_MINUTE", "30", "CHAT_RATE_BURST", "10"),
        limit(values, "ROOM_RATE_PER_MINUTE", "10", "ROOM_RATE_BURST", "5"),
        limit(values, "ICE_RATE_PER_MINUTE", "6", "ICE_RATE_BURST", "6"),
        limit(values, "STATS_RATE_PER_MINUTE", "12", "STATS_RATE_BURST", "6"),
        limit(values, "CONNECT_RATE_PER_MINUTE", "60", "CONNECT_RATE_BURST", "30"),
        values.positiveOrZero("ADDRESS_RATE_FACTOR", "10"));
  }

  private static Limit limit(
      SettingValues values, String rate, String rateDefault, String burst, String burstDefault) {
    return new Limit(
        values.positiveOrZero(rate, rateDefault), values.positive(burst, burstDefault));
  }
}
