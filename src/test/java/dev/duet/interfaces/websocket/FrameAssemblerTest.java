package dev.duet.interfaces.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duet.domain.ErrorCode;
import org.junit.jupiter.api.Test;

/** Messages put together from their parts, within the size bound, and the close policy. */
class FrameAssemblerTest {
  private static final String PING = "{\"type\":\"ping\",\"messageId\":\"m\"}";

  @Test
  void aMessageInPartsIsReadWhenItsLastPartIsIn() {
    FrameAssembler frames = new FrameAssembler(100);
    assertNull(frames.read(PING.substring(0, 10), false));
    assertNull(frames.read(PING.substring(10, 20), false));
    ClientMessage.Ping ping =
        assertInstanceOf(ClientMessage.Ping.class, frames.read(PING.substring(20), true));
    assertEquals("m", ping.messageId());
    assertInstanceOf(ClientMessage.Ping.class, frames.read(PING, true));
    assertFalse(frames.overflowed());
  }

  @Test
  void aWholeMessageOverTheLimitIsTooLargeCountedInUtf8Bytes() {
    String padded = "{\"type\":\"ping\",\"messageId\":\"" + "é".repeat(40) + "\"}";
    int bytes = padded.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    assertTrue(padded.length() < bytes - 1, "a limit in characters would let it pass");
    FrameAssembler frames = new FrameAssembler(bytes - 1);
    ClientMessage.Invalid invalid =
        assertInstanceOf(ClientMessage.Invalid.class, frames.read(padded, true));
    assertEquals(ErrorCode.TOO_LARGE, invalid.code());
    assertFalse(invalid.malformed());
    assertFalse(frames.overflowed());
    assertInstanceOf(ClientMessage.Ping.class, new FrameAssembler(bytes).read(padded, true));
  }

  @Test
  void aMessageGrowingOverTheLimitOverflowsAndIsDropped() {
    FrameAssembler frames = new FrameAssembler(30);
    assertNull(frames.read(PING.substring(0, 20), false));
    assertFalse(frames.overflowed());
    assertNull(frames.read(PING.substring(20), false));
    assertTrue(frames.overflowed());
  }

  @Test
  void cleanClosesAndAbuseEndTheSessionOtherEndsWaitForAResume() {
    assertTrue(Closes.endsSession(1000, 0));
    assertTrue(Closes.endsSession(1001, 0));
    assertFalse(Closes.endsSession(1006, 0));
    assertFalse(Closes.endsSession(4000, 0));
    assertTrue(Closes.endsSession(1006, Closes.LIMITED));
    assertTrue(Closes.endsSession(1006, Closes.TOO_BIG));
    assertTrue(Closes.endsSession(1006, Closes.NORMAL));
    assertFalse(Closes.endsSession(1000, Closes.TIMEOUT));
    assertFalse(Closes.endsSession(1000, Closes.TOO_SLOW));
  }
}
