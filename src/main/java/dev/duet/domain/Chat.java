package dev.duet.domain;

/** The rule for chat text: 1 to 2000 characters. Chat is relayed, never stored. */
public final class Chat {
  public static final int MAX_LENGTH = 2000;

  private Chat() {}

  /** Returns the content if it is acceptable, else throws {@link ErrorCode#BAD_MESSAGE}. */
  public static String requireContent(String content) {
    if (content == null || content.isEmpty() || content.length() > MAX_LENGTH) {
      throw new RuleViolation(
          ErrorCode.BAD_MESSAGE, "A chat message has 1 to " + MAX_LENGTH + " characters.");
    }
    return content;
  }
}
