package dev.duet.domain;

import java.util.Locale;

/**
 * The two sides of perfect negotiation. The impolite side makes the offer and wins a glare; the
 * polite side rolls its own offer back. Exactly one side of a pair is impolite.
 */
public enum Role {
  POLITE,
  IMPOLITE;

  private final String wireName = name().toLowerCase(Locale.ROOT);

  /** The role as it appears in {@code assign_role}: {@code polite} or {@code impolite}. */
  public String wireName() {
    return wireName;
  }

  /** The role of {@code userId} in a pair whose polite side is {@code polite}. */
  public static Role of(String userId, String polite) {
    return userId.equals(polite) ? POLITE : IMPOLITE;
  }
}
