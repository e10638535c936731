package dev.duet.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/**
 * A user's report of a partner. It is stored for moderators and implies a block. The reason is the
 * reporter's own words, 1 to {@value #MAX_REASON} characters.
 */
public record Report(
    String id, String reporter, String reported, String matchId, String reason, Instant at) {
  public static final int MAX_REASON = 500;

  /**
   * The id of a user's report of a match: the same for the same two, so a match is reported once
   * per reporter wherever the report is written (32 hexadecimal digits of a SHA-256).
   */
  public static String idOf(String matchId, String reporter) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest((matchId + "|" + reporter).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }

  /**
   * Whether a text is acceptable as the reason of a report or a ban: 1 to {@value #MAX_REASON}
   * characters, not blank, no control characters but line feeds.
   */
  public static boolean isReason(String reason) {
    return reason != null
        && !reason.isBlank()
        && reason.length() <= MAX_REASON
        && reason.chars().noneMatch(c -> Character.isISOControl(c) && c != '\n');
  }

  /** Returns the reason if acceptable, else throws {@link ErrorCode#BAD_MESSAGE}. */
  public static String requireReason(String reason) {
    if (!isReason(reason)) {
      throw new RuleViolation(
          ErrorCode.BAD_MESSAGE, "A report gives a reason of 1 to " + MAX_REASON + " characters.");
    }
    return reason;
  }
}
