package dev.duet.application.settings;

import java.time.Duration;

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
 */
public record MatchingSettings(
    Duration interestFallback,
    Duration rematchCooldown,
    Duration blockTtl,
    Duration livenessTimeout) {

  static MatchingSettings read(SettingValues values) {
    return new MatchingSettings(
        values.duration("INTEREST_FALLBACK", "5s"),
        values.durationOrZero("REMATCH_COOLDOWN", "10m"),
        values.duration("BLOCK_TTL", "24h"),
        values.duration("LIVENESS_TIMEOUT", "30s"));
  }
}
