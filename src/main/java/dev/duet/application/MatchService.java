package dev.duet.application;

import dev.duet.domain.Avoidances;
import dev.duet.domain.ErrorCode;
import dev.duet.domain.Identifiers;
import dev.duet.domain.Interests;
import dev.duet.domain.Match;
import dev.duet.domain.Matchmaker;
import dev.duet.domain.Participant;
import dev.duet.domain.Report;
import dev.duet.domain.Role;
import dev.duet.domain.RuleViolation;
import dev.duet.domain.WaitTimes;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.BiPredicate;

/**
 * "Talk to a stranger": the random-match queue, the matches it makes, skips, hang-ups, blocks and
 * reports.
 *
 * <p>All of it changes under one lock, so a user is in at most one match or queue place at any
 * instant and both sides of every match agree on it; the decision is the {@link Matchmaker}'s, in
 * memory, and the lock is held only for that and for handing notifications to the {@link
 * PeerNotifier}. Matches are persisted afterwards, off the calling thread. Two users who were
 * matched are kept apart for {@code REMATCH_COOLDOWN} whoever skipped; a block keeps them apart for
 * {@code BLOCK_TTL}.
 */
@ApplicationScoped
public class MatchService {
  private static final int WAIT_WINDOW = 10_000;
  private static final Duration PRUNE_EVERY = Duration.ofSeconds(10);
  private static final int RETRIES_PER_TICK = 1_000;

  private final Object lock = new Object();
  private final Avoidances avoidances = new Avoidances();
  private final ConcurrentMap<String, Match> matchesByUser = new ConcurrentHashMap<>();
  private final Map<String, Ended> recentMatches = new HashMap<>();
  private final WaitTimes waitTimes = new WaitTimes(WAIT_WINDOW);
  private Matchmaker matchmaker;
  private long made;
  private long skips;
  private Instant nextPrune = Instant.MIN;
  private volatile int queued;

  @Inject Settings settings;
  @Inject Clock clock;
  @Inject PeerNotifier notifier;
  @Inject MatchRepository repository;
  @Inject Metrics metrics;

  private record Ended(Match match, Instant at) {}

  /** Counters for {@code /stats}. */
  public record Stats(
      int waiting,
      int activeMatches,
      long made,
      long skips,
      double averageWaitMillis,
      long p95WaitMillis) {}

  @PostConstruct
  void init() {
    matchmaker = new Matchmaker(settings.interestFallback());
  }

  /**
   * Ends the user's current match (the partner is told it was skipped), then queues the user: it
   * gets {@code waiting}, and {@code assign_role} as soon as a partner is found.
   *
   * @param currentPeerId a user the client wants to avoid now, as after a skip (may be null)
   */
  public void request(Participant participant, List<String> interests, String currentPeerId) {
    Set<String> tags = Interests.normalize(interests);
    if (currentPeerId != null && !Identifiers.isValid(currentPeerId)) {
      throw new RuleViolation(ErrorCode.BAD_MESSAGE, "currentPeerId is not a user id.");
    }
    String userId = participant.userId();
    synchronized (lock) {
      if (participant.isClosed()) {
        return;
      }
      Instant now = clock.instant();
      end(userId, Match.End.SKIPPED, "skipped", now);
      if (currentPeerId != null && !currentPeerId.equals(userId)) {
        avoidances.avoid(userId, currentPeerId, now.plus(settings.rematchCooldown()));
      }
      Instant since = matchmaker.waiting(userId).map(Matchmaker.Waiter::since).orElse(now);
      Optional<Matchmaker.Pairing> pairing = matchmaker.request(userId, tags, now, avoiding(now));
      notifier.waiting(userId, since);
      pairing.ifPresent(p -> start(p, now));
      queued = matchmaker.size();
    }
  }

  /** Leaves the queue; a current match goes on. */
  public void cancel(Participant participant) {
    synchronized (lock) {
      matchmaker.remove(participant.userId());
      queued = matchmaker.size();
    }
  }

  /** The user's current match partner, if any. */
  public Optional<String> partnerOf(String userId) {
    Match match = matchesByUser.get(userId);
    return match == null ? Optional.empty() : Optional.of(match.partnerOf(userId));
  }

  /** A hang-up relayed to the match partner ends the match. */
  public void hungUp(Participant participant, String toUser) {
    synchronized (lock) {
      if (partnerOf(participant.userId()).filter(toUser::equals).isPresent()) {
        end(participant.userId(), Match.End.HANGUP, null, clock.instant());
      }
    }
  }

  /**
   * Keeps the user away from {@code peerId} for {@code BLOCK_TTL}; blocking the current partner
   * ends the match (the partner is told it was skipped).
   */
  public void block(Participant participant, String peerId) {
    if (!Identifiers.isValid(peerId) || peerId.equals(participant.userId())) {
      throw new RuleViolation(ErrorCode.BAD_MESSAGE, "peerId is not another user's id.");
    }
    synchronized (lock) {
      Instant now = clock.instant();
      avoidances.avoid(participant.userId(), peerId, now.plus(settings.blockTtl()));
      if (partnerOf(participant.userId()).filter(peerId::equals).isPresent()) {
        end(participant.userId(), Match.End.BLOCKED, "skipped", now);
      }
    }
  }

  /**
   * Records a report of a current or recent partner (within {@code REMATCH_COOLDOWN}) in that
   * match, and blocks them.
   */
  public void report(Participant participant, String peerId, String matchId, String reason) {
    Report.requireReason(reason);
    String userId = participant.userId();
    synchronized (lock) {
      Match match = matchesByUser.get(userId);
      if (match == null || !match.id().equals(matchId)) {
        Ended ended = recentMatches.get(matchId);
        match = ended == null ? null : ended.match();
      }
      if (match == null || !match.involves(userId) || !match.partnerOf(userId).equals(peerId)) {
        throw new RuleViolation(
            ErrorCode.NOT_YOUR_PEER, "You can report a partner of a current or recent match only.");
      }
      Instant now = clock.instant();
      repository.report(new Report(Identifiers.random(16), userId, peerId, matchId, reason, now));
    }
    block(participant, peerId);
  }

  /**
   * A closed session leaves the queue and its match; the partner is told {@code reason}
   * ("disconnected", or "timeout" when its client did not come back).
   */
  public void leave(Participant participant, String reason) {
    synchronized (lock) {
      matchmaker.remove(participant.userId());
      end(participant.userId(), Match.End.DISCONNECTED, reason, clock.instant());
      queued = matchmaker.size();
    }
  }

  /**
   * Brings back the matches of an earlier run whose two users both have restored sessions; the
   * others are recorded as ended.
   */
  public void restore(Set<String> restoredUsers) {
    synchronized (lock) {
      Instant now = clock.instant();
      for (Match match : repository.findRunning()) {
        if (restoredUsers.contains(match.polite())
            && restoredUsers.contains(match.impolite())
            && !matchesByUser.containsKey(match.polite())
            && !matchesByUser.containsKey(match.impolite())) {
          matchesByUser.put(match.polite(), match);
          matchesByUser.put(match.impolite(), match);
        } else {
          repository.ended(match.id(), now, Match.End.DISCONNECTED);
        }
      }
    }
  }

  /**
   * Periodic work: pairs waiters whose interest fallback has run out and waiters that were passed
   * over for a cooldown or block that may have run out, and forgets cooldowns and recent matches
   * that have run out.
   */
  public void tick() {
    synchronized (lock) {
      Instant now = clock.instant();
      for (Matchmaker.Pairing pairing : matchmaker.expire(now, avoiding(now))) {
        start(pairing, now);
      }
      for (Matchmaker.Pairing pairing : matchmaker.retry(now, avoiding(now), RETRIES_PER_TICK)) {
        start(pairing, now);
      }
      if (!now.isBefore(nextPrune)) {
        nextPrune = now.plus(PRUNE_EVERY);
        avoidances.prune(now);
        Instant forgotten = now.minus(settings.rematchCooldown());
        recentMatches.values().removeIf(ended -> ended.at().isBefore(forgotten));
      }
      queued = matchmaker.size();
    }
  }

  private BiPredicate<String, String> avoiding(Instant now) {
    return (a, b) -> avoidances.avoids(a, b, now);
  }

  private void start(Matchmaker.Pairing pairing, Instant now) {
    Match match =
        new Match(
            Identifiers.random(16),
            pairing.earlier().userId(),
            pairing.later().userId(),
            now,
            pairing.commonInterests());
    matchesByUser.put(match.polite(), match);
    matchesByUser.put(match.impolite(), match);
    made++;
    Duration earlierWaited = Duration.between(pairing.earlier().since(), now);
    Duration laterWaited = Duration.between(pairing.later().since(), now);
    waitTimes.record(earlierWaited);
    waitTimes.record(laterWaited);
    metrics.matchMade(earlierWaited, laterWaited);
    notifier.matched(
        match.polite(), Role.POLITE, match.impolite(), match.id(), match.commonInterests());
    notifier.matched(
        match.impolite(), Role.IMPOLITE, match.polite(), match.id(), match.commonInterests());
    repository.started(match);
  }

  private void end(String userId, Match.End reason, String partnerReason, Instant now) {
    Match match = matchesByUser.get(userId);
    if (match == null) {
      return;
    }
    matchesByUser.remove(match.polite(), match);
    matchesByUser.remove(match.impolite(), match);
    recentMatches.put(match.id(), new Ended(match, now));
    avoidances.avoid(match.polite(), match.impolite(), now.plus(settings.rematchCooldown()));
    if (reason == Match.End.SKIPPED) {
      skips++;
    }
    if (partnerReason != null) {
      notifier.matchEnded(match.partnerOf(userId), userId, match.id(), partnerReason);
    }
    repository.ended(match.id(), now, reason);
    metrics.matchEnded(reason);
  }

  /**
   * How many users wait in the queue, as of the last change to it. It never waits for the lock, so
   * it can be read while matching is stuck.
   */
  public int waiting() {
    return queued;
  }

  /** How many random matches are in progress. */
  public int activeMatches() {
    return matchesByUser.size() / 2;
  }

  public Stats stats() {
    synchronized (lock) {
      return new Stats(
          matchmaker.size(),
          matchesByUser.size() / 2,
          made,
          skips,
          waitTimes.averageMillis(),
          waitTimes.percentileMillis(95));
    }
  }
}
