package dev.duet.application.settings;

import java.time.Duration;
import java.util.Locale;

/**
 * Reads durations as operators write them: {@code 500ms}, {@code 30s}, {@code 10m}, {@code 24h},
 * {@code 7d}, a plain number of seconds, or ISO-8601 such as {@code PT10M}.
 */
public final class Durations {
  private Durations() {}

  public static Duration parse(String text) {
    String value = text.trim().toLowerCase(Locale.ROOT);
    try {
      if (value.startsWith("p")) {
        return Duration.parse(value.toUpperCase(Locale.ROOT));
      }
      if (value.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2)));
      }
      long amount = Long.parseLong(value.replaceFirst("[smhd]$", ""));
      return switch (value.charAt(value.length() - 1)) {
        case 'm' -> Duration.ofMinutes(amount);
        case 'h' -> Duration.ofHours(amount);
        case 'd' -> Duration.ofDays(amount);
        default -> Duration.ofSeconds(amount);
      };
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a duration (examples: 500ms, 30s, 10m, 24h, PT10M)", e);
    }
  }
}
