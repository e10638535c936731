package dev.duet.interfaces.websocket;

/** Sizes of text as it travels: UTF-8 bytes. */
final class Utf8 {
  private Utf8() {}

  /** Whether the text takes more than {@code limit} bytes in UTF-8. */
  static boolean exceeds(CharSequence text, int limit) {
    return text.length() * 3L > limit && length(text) > limit;
  }

  /** The UTF-8 length of the text, without encoding it. */
  static int length(CharSequence text) {
    int chars = text.length();
    int bytes = chars;
    for (int i = 0; i < chars; i++) {
      char c = text.charAt(i);
      if (c >= 0x80) {
        if (c < 0x800) {
          bytes += 1;
        } else if (Character.isHighSurrogate(c)) {
          bytes += 2;
          i++;
        } else {
          bytes += 2;
        }
      }
    }
    return bytes;
  }
}
