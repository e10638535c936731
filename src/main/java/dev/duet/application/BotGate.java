package dev.duet.application;

import dev.duet.application.port.ChurnCounts;
import dev.duet.application.port.Metrics;
import dev.duet.application.port.ProofOfWork;
import dev.duet.application.settings.Settings;
import dev.duet.domain.Churn;
import dev.duet.domain.ErrorCode;
import dev.duet.domain.Participant;
import dev.duet.domain.RuleViolation;
import dev.duet.domain.Visitor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.Optional;

/**
 * The gate for bots before talking to strangers ({@code BOT_GATE=pow}, the default): a session
 * meets strangers only once its client has solved a proof-of-work challenge made for it; rooms by
 * ID are not gated. The challenge comes with the {@code session} frame while the session has not
 * passed; a solution is checked once and remembered with the session (a resumed session is not
 * asked again). The work asked grows with the churn of the client's network ({@link Churn}: every
 * connection counts one, every random-match request one, every report of a user from there ten),
 * counted across a cluster; a network's /24 or /64 key ({@link Visitor#network}) names it.
 */
@ApplicationScoped
public class BotGate {
  /** What a report of a user from a network adds to its churn. */
  static final long REPORT_WEIGHT = 10;

  @Inject Settings settings;
  @Inject Clock clock;
  @Inject ProofOfWork work;
  @Inject ChurnCounts churn;
  @Inject Metrics metrics;

  /**
   * The challenge for the participant's session, counting its connection in its network's churn;
   * empty when the gate is off or the session has passed it.
   */
  public Optional<ProofOfWork.Challenge> challengeFor(Participant participant, Visitor visitor) {
    long count = count(visitor, 1);
    if (!settings.moderation().botGate() || participant.passedGate()) {
      return Optional.empty();
    }
    metrics.challenge("issued");
    return Optional.of(
        work.issue(
            participant.sessionId(),
            Churn.maxNumber(settings.moderation().botGateWork(), count),
            settings.sessions().sessionTtl()));
  }

  /**
   * Checks a solution of the session's challenge; refused with {@link ErrorCode#CHALLENGE_FAILED}
   * if it is not one (malformed, forged, another session's, expired).
   */
  public void solve(Participant participant, String solution) {
    if (!settings.moderation().botGate() || participant.passedGate()) {
      return;
    }
    if (solution == null
        || solution.length() > 4_000
        || !work.verify(solution, participant.sessionId())) {
      metrics.challenge("failed");
      throw new RuleViolation(
          ErrorCode.CHALLENGE_FAILED, "That is not a solution of this session's challenge.");
    }
    metrics.challenge("solved");
    participant.passGate();
  }

  /**
   * Refuses with {@link ErrorCode#CHALLENGE_REQUIRED} unless the participant may meet strangers;
   * counts the request in its network's churn.
   */
  public void requirePassed(Participant participant) {
    count(participant.visitor(), 1);
    if (settings.moderation().botGate() && !participant.passedGate()) {
      metrics.challenge("required");
      throw new RuleViolation(
          ErrorCode.CHALLENGE_REQUIRED,
          "Solve the session's challenge with solve_challenge before talking to strangers.");
    }
  }

  /** A user from the visitor's network was reported. */
  public void reported(Visitor visitor) {
    count(visitor, REPORT_WEIGHT);
  }

  private long count(Visitor visitor, long weight) {
    if (visitor == null || visitor.network() == null || !settings.moderation().botGate()) {
      return 0;
    }
    return churn.add(visitor.network(), weight, clock.instant());
  }
}
