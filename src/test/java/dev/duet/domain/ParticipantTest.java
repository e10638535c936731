package dev.duet.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(5)
class ParticipantTest {
  private static final Instant GRACE = Instant.parse("2026-01-01T00:00:10Z");

  @Test
  void onlyTheFirstResumptionOfAnAdoptedSessionSaysItWasAdopted() {
    Participant adopted = Participant.adopted("u", "s", "h", GRACE);
    assertEquals(Participant.State.RECONNECTING, adopted.state());
    assertEquals(GRACE, adopted.graceUntil());
    Participant.Resumption first = adopted.resume();
    assertTrue(first.firstSinceAdoption());
    assertTrue(first.wasReconnecting());
    assertFalse(adopted.resume().firstSinceAdoption());
  }

  @Test
  void aSessionRestoredOrOpenedHereWasNotAdopted() {
    assertFalse(Participant.restored("u", "s", "h", GRACE).resume().firstSinceAdoption());
    assertFalse(new Participant("u", "s", "h").resume().firstSinceAdoption());
  }

  @Test
  void onlyTheCallerThatClosesTheSessionCleansUp() {
    Participant waiting = Participant.restored("u", "s", "h", GRACE);
    assertFalse(waiting.closeIfGraceOver(GRACE.minusMillis(1)));
    assertFalse(waiting.isClosed());
    assertTrue(waiting.closeIfGraceOver(GRACE));
    assertTrue(waiting.isClosed());
    assertFalse(waiting.close());
    assertFalse(waiting.closeIfGraceOver(GRACE.plusSeconds(1)));
    assertEquals(null, waiting.resume());
  }
}
