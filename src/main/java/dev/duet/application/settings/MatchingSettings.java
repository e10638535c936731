package dev.duet.application.settings;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Random matching.
 *
 * @param interestFallback how long a user with interests waits for someone sharing one before
 *     anyone will do ({@code INTEREST_FALLBACK}, default 5 s)
 * @param rematchCooldown how long two users who were matched are kept apart afterwards, whoever
 *     skipped ({@code REMATCH_COOLDOWN}, default 10 min; 0 turns it off)
 * @param blockTtl how long a block keeps two users apart ({@code BLOCK_TTL}, default 24 h)
 * @param livenessTimeout how long the matchmaker may go without completing a run while users wait
 *     before liveness reports Duet stuck ({@code LIVENESS_TIMEOUT}, default 30 s)
 * @param termsVersion the version of the terms of use a user must accept, as an adult, before
 *     talking to strangers ({@code TERMS_VERSION}: 1 to 64 letters, digits, {@code .}, {@code _}
 *     and {@code -}; default none, no gate)
 */
public record MatchingSettings(
    Duration interestFallback,
    Duration rematchCooldown,
    Duration blockTtl,
    Duration livenessTimeout,
    Optional<String> termsVersion) {
  private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  static MatchingSettings read(SettingValues values) {
    String terms = values.text("TERMS_VERSION", "").trim();
    if (!terms.isEmpty() && !VERSION.matcher(terms).matches()) {
      throw new IllegalArgumentException(
          "TERMS_VERSION=" + terms + ": expected 1 to 64 letters, digits, ., _ and -");
    }
    return new MatchingSettings(
        values.duration("INTEREST_FALLBACK", "5s"),
        values.durationOrZero("REMATCH_COOLDOWN", "10m"),
        values.duration("BLOCK_TTL", "24h"),
        values.duration("LIVENESS_TIMEOUT", "30s"),
        terms.isEmpty() ? Optional.empty() : Optional.of(terms));
  }
}
