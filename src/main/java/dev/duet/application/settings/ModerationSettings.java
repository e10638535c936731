package dev.duet.application.settings;

import java.time.Duration;

/**
 * Moderation's automatic protection.
 *
 * @param autoBanReports how many distinct users must report a user within {@code autoBanWindow} for
 *     the user to be shadow-banned automatically ({@code AUTO_BAN_REPORTS}, default 3; 0 turns it
 *     off)
 * @param autoBanWindow the window those reports count in ({@code AUTO_BAN_WINDOW}, default 1 h)
 * @param autoBanDuration how long the automatic shadow ban lasts ({@code AUTO_BAN_DURATION},
 *     default 24 h)
 */
public record ModerationSettings(
    int autoBanReports, Duration autoBanWindow, Duration autoBanDuration) {

  static ModerationSettings read(SettingValues values) {
    return new ModerationSettings(
        values.positiveOrZero("AUTO_BAN_REPORTS", "3"),
        values.duration("AUTO_BAN_WINDOW", "1h"),
        values.duration("AUTO_BAN_DURATION", "24h"));
  }
}
