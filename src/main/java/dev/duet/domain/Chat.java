package dev.duet.domain;

/**
 * The rule for chat text: 1 to 2000 characters, none of them a control character other than tab and
 * line feed, and no unpaired surrogate. Chat is relayed, never stored.
 */
public final class Chat {
  public static final int MAX_LENGTH = 2000;

  private Chat() {}

  /** Returns the content if it is acceptable, else throws {@link ErrorCode#BAD_MESSAGE}. */
  public static String requireContent(String content) {
    if (content == null || content.isEmpty() || content.length() > MAX_LENGTH) {
      throw new RuleViolation(
          ErrorCode.BAD_MESSAGE, "A chat message has 1 to " + MAX_LENGTH + " characters.");
    }
    for (int i = 0; i < content.length(); i++) {
      char c = content.charAt(i);
      if (Character.isISOControl(c) && c != '\t' && c != '\n') {
        throw new RuleViolation(
            ErrorCode.BAD_MESSAGE, "A chat message has no control characters but tab and newline.");
      }
      if (Character.isSurrogate(c)) {
        boolean paired =
            Character.isHighSurrogate(c)
                && i + 1 < content.length()
                && Character.isLowSurrogate(content.charAt(i + 1));
        if (!paired) {
          throw new RuleViolation(ErrorCode.BAD_MESSAGE, "A chat message is valid Unicode text.");
        }
        i++;
      }
    }
    return content;
  }
}
