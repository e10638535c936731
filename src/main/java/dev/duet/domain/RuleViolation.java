package dev.duet.domain;

/**
 * A request that breaks one of Duet's rules. It is answered to the sender with its {@link
 * ErrorCode} and message; nobody else's state has been changed when it is thrown.
 */
public final class RuleViolation extends RuntimeException {
  private final ErrorCode code;

  public RuleViolation(ErrorCode code, String message) {
    super(message, null, false, false);
    this.code = code;
  }

  public ErrorCode code() {
    return code;
  }
}
