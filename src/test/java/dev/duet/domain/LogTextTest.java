package dev.duet.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Client text in a log line never starts a line or leaves its quotes. */
@Timeout(5)
class LogTextTest {

  @Test
  void aForgedLineStaysInsideItsQuotes() {
    assertEquals(
        "bye\\n12:00:00,000 INFO event=open user=x ip=10.0.0.0",
        LogText.quoted("bye\n12:00:00,000 INFO event=open user=x ip=10.0.0.0"));
    assertEquals(
        "a\\r\\tb \\\"quoted\\\" back\\\\slash", LogText.quoted("a\r\tb \"quoted\" back\\slash"));
  }

  @Test
  void separatorsControlsAndFormatCharactersAreEscaped() {
    assertEquals(
        "\\u2028\\u2029\\u0085\\u0000\\u001b[31m\\u202e\\u007f",
        LogText.quoted("\u2028\u2029\u0085\u0000\u001b[31m\u202e\u007f"));
    assertEquals("\\ud83d", LogText.quoted("\ud83d"), "a lone surrogate");
  }

  @Test
  void printableTextOfAnyScriptIsKept() {
    assertEquals("héllo мир 你好 ok", LogText.quoted("héllo мир 你好 ok"));
    assertEquals("", LogText.quoted(null));
  }

  @Test
  void longTextIsCut() {
    String quoted = LogText.quoted("x".repeat(10_000));
    assertEquals(LogText.MAX_CHARS + 3, quoted.length());
    assertFalse(quoted.contains("\n"));
  }
}
