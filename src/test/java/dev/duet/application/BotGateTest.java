package dev.duet.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duet.application.port.ProofOfWork;
import dev.duet.domain.ErrorCode;
import dev.duet.domain.Participant;
import dev.duet.domain.RuleViolation;
import dev.duet.domain.Visitor;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.altcha.altcha.Altcha;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The bot gate with ALTCHA's real challenges, without a server. */
@Timeout(30)
class BotGateTest {
  private final Fixture f = new Fixture(Map.of("BOT_GATE", "pow", "BOT_GATE_WORK", "2000"));
  private final BotGate gate = f.moderation.botGate;
  private final Visitor visitor = new Visitor(null, "d1", "net-1", null);

  private static String solve(ProofOfWork.Challenge challenge, long number) {
    String json =
        String.format(
            "{\"algorithm\":\"%s\",\"challenge\":\"%s\",\"number\":%d,\"salt\":\"%s\","
                + "\"signature\":\"%s\"}",
            challenge.algorithm(),
            challenge.challenge(),
            number,
            challenge.salt(),
            challenge.signature());
    return Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  private static String solve(ProofOfWork.Challenge challenge) throws Exception {
    return solve(
        challenge,
        Altcha.solveChallenge(
                challenge.challenge(),
                challenge.salt(),
                Altcha.Algorithm.SHA256,
                challenge.maxnumber(),
                0)
            .number);
  }

  private ErrorCode refusal(Runnable action) {
    return assertThrows(RuleViolation.class, action::run).code();
  }

  @Test
  void strangersNeedASolutionOfTheSessionsOwnChallenge() throws Exception {
    Participant a = f.sessions.open("a").participant();
    Participant b = f.sessions.open("b").participant();
    ProofOfWork.Challenge forA = gate.challengeFor(a, visitor).orElseThrow();
    ProofOfWork.Challenge forB = gate.challengeFor(b, visitor).orElseThrow();
    assertEquals("SHA-256", forA.algorithm());
    assertEquals(2_000, forA.maxnumber());
    assertEquals(
        ErrorCode.CHALLENGE_REQUIRED, refusal(() -> f.matches.request(a, "192.0.2.1", null, null)));
    assertEquals(List.of(), f.notifier.take(), "not queued");
    String solutionOfB = solve(forB);
    assertEquals(ErrorCode.CHALLENGE_FAILED, refusal(() -> gate.solve(a, solutionOfB)), "B's");
    assertEquals(ErrorCode.CHALLENGE_FAILED, refusal(() -> gate.solve(a, "not base64!")));
    assertEquals(ErrorCode.CHALLENGE_FAILED, refusal(() -> gate.solve(a, null)));
    String right = solve(forA);
    String wrongNumber = solve(forA, (decodeNumber(right) + 1) % (forA.maxnumber() + 1));
    assertEquals(ErrorCode.CHALLENGE_FAILED, refusal(() -> gate.solve(a, wrongNumber)));
    ProofOfWork.Challenge forged =
        new ProofOfWork.Challenge(
            forA.algorithm(), forA.challenge(), forA.salt(), "0".repeat(64), forA.maxnumber());
    assertEquals(
        ErrorCode.CHALLENGE_FAILED,
        refusal(() -> gate.solve(a, solve(forged, decodeNumber(right)))));
    gate.solve(a, right);
    assertTrue(a.passedGate());
    f.matches.request(a, "192.0.2.1", null, null);
    assertEquals(List.of("a: waiting"), f.notifier.take());
    assertEquals(Optional.empty(), gate.challengeFor(a, visitor), "passed: no new challenge");
    assertTrue(
        f.metrics
            .take()
            .containsAll(
                List.of(
                    "challenge issued",
                    "challenge failed",
                    "challenge solved",
                    "challenge required")));
  }

  @Test
  void aResumedSessionKeepsItsPassage() throws Exception {
    SessionService.Opened opened = f.sessions.open("a");
    Participant a = opened.participant();
    gate.solve(a, solve(gate.challengeFor(a, visitor).orElseThrow()));
    String token = opened.token();
    f.sessions.disconnect(a, a.connection(), "192.0.2.1");
    Participant resumed = f.sessions.resume(token, "a").participant();
    assertEquals(a, resumed);
    assertEquals(Optional.empty(), gate.challengeFor(resumed, visitor));
    f.matches.request(resumed, "192.0.2.1", null, null);
  }

  @Test
  void theWorkRisesWithTheChurnOfTheNetworkAndNotOthers() throws Exception {
    Participant a = f.sessions.open("a").participant();
    a.seenAs(visitor.as("a"));
    long first = gate.challengeFor(a, visitor).orElseThrow().maxnumber();
    for (int i = 0; i < 40; i++) {
      assertThrows(RuleViolation.class, () -> f.matches.request(a, "192.0.2.1", null, null));
    }
    long later = gate.challengeFor(a, visitor).orElseThrow().maxnumber();
    long elsewhere =
        gate.challengeFor(a, new Visitor(null, "d2", "net-2", null)).orElseThrow().maxnumber();
    assertEquals(2_000, first);
    assertEquals(4_000, later, "42 events in five minutes");
    assertEquals(2_000, elsewhere);
  }

  @Test
  void withTheGateOffNothingIsAsked() throws Exception {
    Fixture open = new Fixture(Map.of());
    Participant a = open.sessions.open("a").participant();
    assertEquals(Optional.empty(), open.moderation.botGate.challengeFor(a, visitor));
    open.matches.request(a, "192.0.2.1", null, null);
    assertEquals(List.of("a: waiting"), open.notifier.take());
  }

  private static long decodeNumber(String solution) {
    String json = new String(Base64.getDecoder().decode(solution), StandardCharsets.UTF_8);
    return Long.parseLong(json.replaceAll(".*\"number\":(\\d+).*", "$1"));
  }
}
