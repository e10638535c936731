package dev.duet.domain;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(5)
class TermsOfUseTest {
  private static final Optional<String> V2 = Optional.of("2026-12");
  private final Participant user = new Participant("u", "s", "t");

  private static ErrorCode refusal(Runnable action) {
    return assertThrows(RuleViolation.class, action::run).code();
  }

  @Test
  void withoutTermsAnyoneMeetsStrangersAndAnAcceptanceChangesNothing() {
    assertDoesNotThrow(() -> TermsOfUse.requireAccepted(Optional.empty(), user));
    TermsOfUse.accept(Optional.empty(), user, "whatever", null);
    assertNull(user.acceptedTerms());
  }

  @Test
  void withTermsOnlyAnAdultWhoAcceptedTheCurrentVersionMeetsStrangers() {
    assertEquals(ErrorCode.TERMS_REQUIRED, refusal(() -> TermsOfUse.requireAccepted(V2, user)));
    assertEquals(ErrorCode.BAD_MESSAGE, refusal(() -> TermsOfUse.accept(V2, user, "1", true)));
    assertEquals(
        ErrorCode.BAD_MESSAGE, refusal(() -> TermsOfUse.accept(V2, user, "2026-12", false)));
    assertEquals(
        ErrorCode.BAD_MESSAGE, refusal(() -> TermsOfUse.accept(V2, user, "2026-12", null)));
    assertEquals(ErrorCode.BAD_MESSAGE, refusal(() -> TermsOfUse.accept(V2, user, null, true)));
    assertEquals(ErrorCode.TERMS_REQUIRED, refusal(() -> TermsOfUse.requireAccepted(V2, user)));
    TermsOfUse.accept(V2, user, "2026-12", true);
    assertDoesNotThrow(() -> TermsOfUse.requireAccepted(V2, user));
    assertEquals(
        ErrorCode.TERMS_REQUIRED,
        refusal(() -> TermsOfUse.requireAccepted(Optional.of("2027-01"), user)),
        "new terms need a new acceptance");
  }
}
