package dev.duet.domain;

/**
 * The rules for chat: a message is addressed to a room or to a peer, and its text has 1 to 2000
 * characters, none of them a control character other than tab and line feed, and no unpaired
 * surrogate. Chat is relayed, never stored.
 */
public final class Chat {
  public static final int MAX_LENGTH = 2000;

  private Chat() {}

  /**
   * A chat message goes to a room or to a peer: exactly one of {@code room} and {@code toUser} is
   * given, else it throws {@link ErrorCode#BAD_MESSAGE}.
   */
  public static void requireOneAddress(String room, String toUser) {
    if ((room == null) == (toUser == null)) {
      throw new RuleViolation(
          ErrorCode.BAD_MESSAGE, "A chat message names either a room or a toUser, not both.");
    }
  }

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
