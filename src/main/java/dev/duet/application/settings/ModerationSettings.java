package dev.duet.application.settings;

import java.time.Duration;

/**
 * Moderation's automatic protection, how long what moderation needs is kept, and the gate for bots.
 *
 * @param autoBanReports how many distinct users must report a user within {@code autoBanWindow} for
 *     the user to be shadow-banned automatically ({@code AUTO_BAN_REPORTS}, default 3; 0 turns it
 *     off)
 * @param autoBanWindow the window those reports count in ({@code AUTO_BAN_WINDOW}, default 1 h)
 * @param autoBanDuration how long the automatic shadow ban lasts ({@code AUTO_BAN_DURATION},
 *     default 24 h)
 * @param matchRetention how long the record of a random match is kept ({@code MATCH_RETENTION},
 *     default 30 days)
 * @param reportRetention how long a resolved report, an ended or lifted ban, where a user id was
 *     last seen and an audit entry are kept ({@code REPORT_RETENTION}, default 90 days; open
 *     reports are kept until resolved)
 */
public record ModerationSettings(
    int autoBanReports,
    Duration autoBanWindow,
    Duration autoBanDuration,
    Duration matchRetention,
    Duration reportRetention,
    boolean botGate,
    long botGateWork) {

  static ModerationSettings read(SettingValues values) {
    return new ModerationSettings(
        values.positiveOrZero("AUTO_BAN_REPORTS", "3"),
        values.duration("AUTO_BAN_WINDOW", "1h"),
        values.duration("AUTO_BAN_DURATION", "24h"),
        values.duration("MATCH_RETENTION", "30d"),
        values.duration("REPORT_RETENTION", "90d"),
        botGate(values.text("BOT_GATE", "pow").trim()),
        values.positive("BOT_GATE_WORK", "20000"));
  }

  private static boolean botGate(String value) {
    return switch (value) {
      case "pow" -> true;
      case "off" -> false;
      default -> throw new IllegalArgumentException("BOT_GATE=" + value + ": expected pow or off");
    };
  }
}
