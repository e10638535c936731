package dev.duet.domain;

/**
 * Text a client chose (a close reason, an {@code Origin} header), made safe for a log line: it can
 * neither start a line of its own nor close the quotes around it. Backslash, double quote and every
 * control, format or line-separating character are escaped ({@code \n}, {@code \"}, {@code
 * \u2028}); anything longer than {@value #MAX_CHARS} characters is cut there and ends with {@code
 * ...}.
 */
public final class LogText {
  /** The most characters of client text a log line shows. */
  public static final int MAX_CHARS = 200;

  private LogText() {}

  /** The text escaped and bounded, for use between double quotes; null is empty. */
  public static String quoted(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_CHARS) + 8);
    int shown = Math.min(text.length(), MAX_CHARS);
    for (int i = 0; i < shown; i++) {
      char c = text.charAt(i);
      switch (c) {
        case '\\' -> out.append("\\\\");
        case '"' -> out.append("\\\"");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (unsafe(c)) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    if (text.length() > MAX_CHARS) {
      out.append("...");
    }
    return out.toString();
  }

  private static boolean unsafe(char c) {
    int type = Character.getType(c);
    return Character.isISOControl(c)
        || type == Character.LINE_SEPARATOR
        || type == Character.PARAGRAPH_SEPARATOR
        || type == Character.FORMAT
        || type == Character.SURROGATE;
  }
}
