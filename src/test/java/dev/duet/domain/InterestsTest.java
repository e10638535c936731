package dev.duet.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class InterestsTest {

  private static void refused(String... tags) {
    RuleViolation refused =
        assertThrows(RuleViolation.class, () -> Interests.normalize(Arrays.asList(tags)));
    assertEquals(ErrorCode.BAD_MESSAGE, refused.code());
  }

  @Test
  void tagsAreStrippedFoldedAndCountedOnce() {
    assertEquals(
        Set.of("music", "chess"), Interests.normalize(List.of(" Music", "music ", "CHESS")));
  }

  @Test
  void noTagsAreNoInterests() {
    assertEquals(Set.of(), Interests.normalize(null));
    assertEquals(Set.of(), Interests.normalize(List.of()));
  }

  @Test
  void aTagOfTheLongestLengthIsTakenAndOneLongerIsRefused() {
    String longest = "x".repeat(Interests.MAX_LENGTH);
    assertEquals(Set.of(longest), Interests.normalize(List.of(longest)));
    refused(longest + "x");
  }

  @Test
  void theBoundHoldsForTheFoldedTag() {
    String dotted = "\u0130".repeat(Interests.MAX_LENGTH / 2);
    assertEquals(
        Interests.MAX_LENGTH, Interests.normalize(List.of(dotted)).iterator().next().length());
    refused("\u0130".repeat(Interests.MAX_LENGTH / 2 + 1));
  }

  @Test
  void blankTagsControlCharactersAndTooManyTagsAreRefused() {
    refused("");
    refused("   ");
    refused("a\u0000b");
    refused("line\nbreak");
    refused((String) null);
    refused(Collections.nCopies(Interests.MAX_TAGS + 1, "t").toArray(String[]::new));
  }
}
