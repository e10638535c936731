package dev.duet.domain;

import java.util.Optional;

/**
 * The terms of use an operator may put before talking to strangers ({@code TERMS_VERSION}): while a
 * version is set, a session meets strangers only once its user has accepted that version, saying
 * they are an adult; rooms by ID are not gated. An acceptance names the version it accepts, so a
 * page that showed older terms is not taken to have accepted newer ones. Nothing but the version is
 * kept, with the session.
 */
public final class TermsOfUse {
  private TermsOfUse() {}

  /**
   * Records {@code participant}'s acceptance of {@code version} with {@code adult}, or refuses it
   * ({@link ErrorCode#BAD_MESSAGE}) if it is not the current version or not by an adult. With no
   * terms set, any acceptance is taken and changes nothing.
   */
  public static void accept(
      Optional<String> current, Participant participant, String version, Boolean adult) {
    if (current.isEmpty()) {
      return;
    }
    if (!current.get().equals(version)) {
      throw new RuleViolation(
          ErrorCode.BAD_MESSAGE,
          "The terms of use are version " + current.get() + "; accept that version.");
    }
    if (!Boolean.TRUE.equals(adult)) {
      throw new RuleViolation(
          ErrorCode.BAD_MESSAGE, "Talking to strangers is for adults: adult must be true.");
    }
    participant.acceptTerms(version);
  }

  /**
   * Refuses with {@link ErrorCode#TERMS_REQUIRED} unless {@code participant} may meet strangers: no
   * terms are set, or it has accepted the current version.
   */
  public static void requireAccepted(Optional<String> current, Participant participant) {
    if (current.isPresent() && !current.get().equals(participant.acceptedTerms())) {
      throw new RuleViolation(
          ErrorCode.TERMS_REQUIRED,
          "Accept the terms of use (version "
              + current.get()
              + ") with accept_terms before talking to strangers.");
    }
  }
}
