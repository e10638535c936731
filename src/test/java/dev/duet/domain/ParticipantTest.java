package dev.duet.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(5)
class ParticipantTest {
  private static final Instant GRACE = Instant.parse("2026-01-01T00:00:10Z");

  @Test
  void onlyTheFirstResumptionOfAnAdoptedSessionSaysItWasAdopted() {
    Participant adopted = Participant.adopted("u", "s", "h", Set.of("room"), GRACE);
    assertEquals(Participant.State.RECONNECTING, adopted.state());
    assertEquals(Set.of("room"), adopted.rooms());
    Participant.Resumption first = adopted.resume();
    assertTrue(first.firstSinceAdoption());
    assertTrue(first.wasReconnecting());
    assertFalse(adopted.resume().firstSinceAdoption());
  }

  @Test
  void aSessionRestoredOrOpenedHereWasNotAdopted() {
    assertFalse(Participant.restored("u", "s", "h", Set.of(), GRACE).resume().firstSinceAdoption());
    assertFalse(new Participant("u", "s", "h").resume().firstSinceAdoption());
  }
}
