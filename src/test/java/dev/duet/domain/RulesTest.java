package dev.duet.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RulesTest {

  @Test
  void identifiers() {
    assertTrue(Identifiers.isValid("a"));
    assertTrue(Identifiers.isValid("A-z_09"));
    assertTrue(Identifiers.isValid("x".repeat(64)));
    assertFalse(Identifiers.isValid("x".repeat(65)));
    assertFalse(Identifiers.isValid(""));
    assertFalse(Identifiers.isValid(null));
    assertFalse(Identifiers.isValid("a b"));
    assertFalse(Identifiers.isValid("é"));
    assertFalse(Identifiers.isValid("a\n"));
    String id = Identifiers.random(16);
    assertEquals(22, id.length());
    assertTrue(Identifiers.isValid(id));
    assertNotEquals(id, Identifiers.random(16));
  }

  @Test
  void chatContent() {
    assertEquals("hi", Chat.requireContent("hi"));
    assertEquals(2000, Chat.requireContent("x".repeat(2000)).length());
    assertEquals("a\tb\nc 👋 ‏שלום", Chat.requireContent("a\tb\nc 👋 ‏שלום"));
    for (String bad :
        new String[] {
          null,
          "",
          "x".repeat(2001),
          "a\u0000b",
          "bell\u0007",
          "\r",
          "del\u007f",
          "c1\u0085",
          "lone \ud83d",
          "\udc4b backwards",
          "\ud83d\ud83d"
        }) {
      assertEquals(
          ErrorCode.BAD_MESSAGE,
          assertThrows(RuleViolation.class, () -> Chat.requireContent(bad)).code());
    }
  }

  @Test
  void errorCodesHaveWireNames() {
    assertEquals("room_full", ErrorCode.ROOM_FULL.wireName());
    assertEquals("not_your_peer", ErrorCode.NOT_YOUR_PEER.wireName());
  }

  @Test
  void aParticipantClosesOnce() {
    Participant p = new Participant("u", "s", "h");
    assertFalse(p.isClosed());
    assertTrue(p.close());
    assertTrue(p.isClosed());
    assertFalse(p.close(), "only the first caller cleans up");
    assertFalse(p.isServedBy(p.connection()));
  }
}
