package dev.duet.domain;

import java.time.Instant;

/**
 * A user's report of a partner. It is stored for moderators and implies a block. The reason is the
 * reporter's own words, 1 to {@value #MAX_REASON} characters.
 */
public record Report(
    String id, String reporter, String reported, String matchId, String reason, Instant at) {
  public static final int MAX_REASON = 500;

  /** Returns the reason if acceptable, else throws {@link ErrorCode#BAD_MESSAGE}. */
  public static String requireReason(String reason) {
    if (reason == null
        || reason.isBlank()
        || reason.length() > MAX_REASON
        || reason.chars().anyMatch(c -> Character.isISOControl(c) && c != '\n')) {
      throw new RuleViolation(
          ErrorCode.BAD_MESSAGE, "A report gives a reason of 1 to " + MAX_REASON + " characters.");
    }
    return reason;
  }
}
