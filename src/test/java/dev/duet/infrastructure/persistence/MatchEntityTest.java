package dev.duet.infrastructure.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duet.domain.Interests;
import dev.duet.domain.Match;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class MatchEntityTest {
  private static final Instant STARTED = Instant.ofEpochMilli(1_700_000_000_123L);

  private static Match roundTrip(List<String> interests) {
    return MatchEntity.of(new Match("m1", "polite", "impolite", STARTED, interests)).toMatch();
  }

  @Test
  void aMatchReadBackHasItsUsersStartAndInterests() {
    Match back = roundTrip(List.of("chess", "music"));
    assertEquals(new Match("m1", "polite", "impolite", STARTED, List.of("chess", "music")), back);
  }

  @Test
  void noInterestsReadBackAsNone() {
    assertEquals(List.of(), roundTrip(List.of()).commonInterests());
  }

  @Test
  void tagsWithCommasSpacesAndEmptyLookingPartsReadBackUnchanged() {
    List<String> tags = List.of("rock, roll", ",", "a,,b", "  spaced  ", "ünï 🎵");
    assertEquals(tags, roundTrip(tags).commonInterests());
  }

  /** {@code common_interests} is a VARCHAR(400), and PostgreSQL counts its characters. */
  @Test
  void theLargestSetOfTagsFitsTheColumn() {
    List<String> tags = Collections.nCopies(Interests.MAX_TAGS, "x".repeat(Interests.MAX_LENGTH));
    String column = MatchEntity.encode(tags);
    assertTrue(column.codePointCount(0, column.length()) <= 400, column.length() + " characters");
    assertEquals(tags, MatchEntity.decode(column));
  }

  @Test
  void rowsWrittenCommaSeparatedBeforeAreStillRead() {
    assertEquals(List.of("chess", "music"), MatchEntity.decode("chess,music"));
    assertEquals(List.of("chess"), MatchEntity.decode("chess"));
  }
}
