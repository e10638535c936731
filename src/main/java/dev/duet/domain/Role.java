package dev.duet.domain;

/**
 * The two sides of perfect negotiation. The impolite side makes the offer and wins a glare; the
 * polite side rolls its own offer back. Exactly one side of a pair is impolite.
 */
public enum Role {
  POLITE,
  IMPOLITE
}
