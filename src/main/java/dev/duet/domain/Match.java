package dev.duet.domain;

import java.time.Instant;
import java.util.List;

/**
 * Two strangers paired at random. They are each other's peer until the match ends; the impolite
 * side (the one who arrived later) sends the offer.
 */
public record Match(
    String id, String polite, String impolite, Instant startedAt, List<String> commonInterests) {

  /** The other side of the match for {@code userId}. */
  public String partnerOf(String userId) {
    return polite.equals(userId) ? impolite : polite;
  }

  public boolean involves(String userId) {
    return polite.equals(userId) || impolite.equals(userId);
  }

  /** Why a match ended, as recorded. */
  public enum End {
    SKIPPED,
    HANGUP,
    DISCONNECTED,
    BLOCKED
  }
}
