package dev.duet.domain;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A moderator's (or the automatic protection's) decision to keep someone out.
 *
 * <p>A ban holds to a {@link BanScope} and a subject: a user id, a device id, or the keyed hash of
 * a network prefix. It was made by someone ({@code by}: a moderator's name, or {@value
 * #AUTOMATIC}), for a reason shown to the banned person, at {@code at}, and ends at {@code until}
 * (null: never) or when it is lifted. A full ban closes the connections it applies to with 4403; a
 * <em>shadow</em> ban lets the person in but matches them only with other shadow-banned people.
 * {@code userId} is the user the ban was made from (for device and network scopes the subject is
 * not the user id), for moderators to read; it may be null.
 */
public record Ban(
    String id,
    BanScope scope,
    String subject,
    boolean shadow,
    String reason,
    String by,
    Instant at,
    Instant until,
    String userId,
    Instant liftedAt,
    String liftedBy) {
  /** Who makes the bans of the automatic protection. */
  public static final String AUTOMATIC = "automatic";

  public static final int MAX_REASON = Report.MAX_REASON;
  private static final int MAX_CLOSE_REASON_BYTES = 123;
  private static final Duration LONGEST = Duration.ofDays(3650);
  private static final Pattern LENGTH = Pattern.compile("([1-9][0-9]{0,5})(s|m|h|d)");
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9 ._@-]{1,64}");

  /** A new ban, in force from {@code at} for {@code length} (empty: for ever). */
  public static Ban of(
      BanScope scope,
      String subject,
      boolean shadow,
      String reason,
      String by,
      Instant at,
      Optional<Duration> length,
      String userId) {
    return new Ban(
        Identifiers.random(16),
        scope,
        subject,
        shadow,
        requireReason(reason),
        requireName(by),
        at.truncatedTo(ChronoUnit.MILLIS),
        length.map(at.truncatedTo(ChronoUnit.MILLIS)::plus).orElse(null),
        userId,
        null,
        null);
  }

  /** Whether the ban holds at {@code now}: not lifted, and not over. */
  public boolean activeAt(Instant now) {
    return liftedAt == null && (until == null || until.isAfter(now));
  }

  /** This ban lifted by {@code moderator} at {@code now}. */
  public Ban lift(String moderator, Instant now) {
    return new Ban(
        id, scope, subject, shadow, reason, by, at, until, userId, now, requireName(moderator));
  }

  /**
   * What a banned connection's close frame says (1 to 123 bytes of UTF-8, the most a close frame
   * holds): {@code banned until 2026-12-06T14:05:00Z: REASON}, or {@code banned: REASON} for a ban
   * without end, the reason cut short at a character boundary and on one line.
   */
  public String closeReason() {
    String text =
        (until == null
                ? "banned: "
                : "banned until " + until.truncatedTo(ChronoUnit.SECONDS) + ": ")
            + reason.replace('\n', ' ');
    StringBuilder cut = new StringBuilder();
    int bytes = 0;
    for (int i = 0; i < text.length(); ) {
      int codePoint = text.codePointAt(i);
      String character = new String(Character.toChars(codePoint));
      bytes += character.getBytes(StandardCharsets.UTF_8).length;
      if (bytes > MAX_CLOSE_REASON_BYTES) {
        break;
      }
      cut.append(character);
      i += Character.charCount(codePoint);
    }
    return cut.toString();
  }

  /**
   * How long a ban lasts, from its wire form: {@code forever} (empty), or 1 to 999999 seconds
   * ({@code 90s}), minutes ({@code 30m}), hours ({@code 24h}) or days ({@code 7d}), at most ten
   * years.
   *
   * @throws IllegalArgumentException for anything else
   */
  public static Optional<Duration> length(String text) {
    if ("forever".equals(text)) {
      return Optional.empty();
    }
    Matcher matcher = text == null ? null : LENGTH.matcher(text);
    if (matcher == null || !matcher.matches()) {
      throw new IllegalArgumentException(
          "duration is forever or a number of seconds, minutes, hours or days: 90s, 30m, 24h, 7d");
    }
    long amount = Long.parseLong(matcher.group(1));
    Duration length =
        switch (matcher.group(2)) {
          case "s" -> Duration.ofSeconds(amount);
          case "m" -> Duration.ofMinutes(amount);
          case "h" -> Duration.ofHours(amount);
          default -> Duration.ofDays(amount);
        };
    if (length.compareTo(LONGEST) > 0) {
      throw new IllegalArgumentException("a ban lasts at most 3650d, or forever");
    }
    return Optional.of(length);
  }

  /**
   * Returns the reason if acceptable ({@link Report#isReason}: the same rule as a report's).
   *
   * @throws IllegalArgumentException otherwise
   */
  public static String requireReason(String reason) {
    if (!Report.isReason(reason)) {
      throw new IllegalArgumentException(
          "a reason is 1 to " + MAX_REASON + " characters, without control characters");
    }
    return reason;
  }

  /**
   * Returns a moderator's name if acceptable: 1 to 64 letters, digits, spaces, {@code . _ @ -}.
   *
   * @throws IllegalArgumentException otherwise
   */
  public static String requireName(String name) {
    if (name == null || !NAME.matcher(name).matches() || name.isBlank()) {
      throw new IllegalArgumentException(
          "a moderator's name is 1 to 64 letters, digits, spaces, '.', '_', '@' and '-'");
    }
    return name;
  }
}
