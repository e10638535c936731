package dev.duet.application.port;

/** A session token that this server did not sign, that has expired, or that names someone else. */
public final class InvalidToken extends Exception {
  public InvalidToken(String reason) {
    super(reason, null, false, false);
  }
}
