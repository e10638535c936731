package dev.duet.application;

import dev.duet.application.port.MatchQueue;
import dev.duet.application.port.MatchRepository;
import dev.duet.application.port.Metrics;
import dev.duet.application.port.PeerNotifier;
import dev.duet.application.port.SessionTokens;
import dev.duet.application.settings.Settings;
import dev.duet.domain.ClientAddresses;
import dev.duet.domain.ErrorCode;
import dev.duet.domain.Identifiers;
import dev.duet.domain.Interests;
import dev.duet.domain.Match;
import dev.duet.domain.Participant;
import dev.duet.domain.Report;
import dev.duet.domain.Role;
import dev.duet.domain.RuleViolation;
import dev.duet.domain.TermsOfUse;
import dev.duet.domain.WaitTimes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * "Talk to a stranger": the random-match queue, the matches it makes, skips, hang-ups, blocks and
 * reports. A report also counts towards the automatic protection ({@link ModeratorActions}).
 *
 * <p>The queue and the matches are in the {@link MatchQueue} (in memory, or in Redis for a
 * cluster), whose every change is atomic; here each change and its notifications happen under one
 * lock, so the users of this instance see them in order. Matches are persisted afterwards, off the
 * calling thread. Two users who were matched are kept apart for {@code REMATCH_COOLDOWN} whoever
 * skipped; a block keeps them apart for {@code BLOCK_TTL}, and keeps the blocker apart from the
 * network the blocked user came from in their match too (its {@linkplain #originOf origin}), so a
 * new id does not get past a block.
 */
@ApplicationScoped
public class MatchService {
  private static final int WAIT_WINDOW = 10_000;

  private final Object lock = new Object();
  private final Map<String, Instant> reported = new ConcurrentHashMap<>();
  private final WaitTimes waitTimes = new WaitTimes(WAIT_WINDOW);
  private long made;
  private long skips;

  @Inject Settings settings;
  @Inject Clock clock;
  @Inject PeerNotifier notifier;
  @Inject MatchRepository repository;
  @Inject Metrics metrics;
  @Inject MatchQueue queue;
  @Inject Admission admission;
  @Inject ModeratorActions moderation;
  @Inject BotGate botGate;
  @Inject SessionTokens tokens;

  /** Counters for {@code /stats}. */
  public record Stats(
      int waiting,
      int activeMatches,
      long made,
      long skips,
      double averageWaitMillis,
      long p95WaitMillis) {}

  /** The user accepts the terms of use ({@code accept_terms}), or is told why not. */
  public void acceptTerms(Participant participant, String version, Boolean adult) {
    TermsOfUse.accept(settings.matching().termsVersion(), participant, version, adult);
  }

  /**
   * Ends the user's current match (the partner is told it was skipped), then queues the user: it
   * gets {@code waiting}, and {@code assign_role} as soon as a partner is found. Refused with
   * {@code terms_required} while terms of use are set that the user has not accepted ({@link
   * TermsOfUse}), and with {@code challenge_required} while the session has not passed the bot gate
   * ({@link BotGate}). A shadow-banned user is matched only with other shadow-banned users; a user
   * a full ban keeps out is expelled instead ({@link Admission#pool}).
   *
   * @param address the client address the request came from
   * @param currentPeerId a user the client wants to avoid now, as after a skip (may be null)
   */
  public void request(
      Participant participant, String address, List<String> interests, String currentPeerId) {
    TermsOfUse.requireAccepted(settings.matching().termsVersion(), participant);
    botGate.requirePassed(participant);
    Set<String> tags = Interests.normalize(interests);
    if (currentPeerId != null && !Identifiers.isValid(currentPeerId)) {
      throw new RuleViolation(ErrorCode.BAD_MESSAGE, "currentPeerId is not a user id.");
    }
    String userId = participant.userId();
    Optional<Boolean> shadow = admission.pool(participant);
    if (shadow.isEmpty()) {
      return;
    }
    HeldLock.run(
        lock,
        () -> {
          if (participant.isClosed()) {
            return;
          }
          Instant now = clock.instant();
          MatchQueue.Requested requested =
              queue.request(
                  userId,
                  originOf(address),
                  shadow.get(),
                  tags,
                  currentPeerId,
                  settings.matching().rematchCooldown(),
                  now);
          requested
              .ended()
              .ifPresent(ended -> ended(ended, userId, Match.End.SKIPPED, "skipped", now));
          notifier.waiting(userId, requested.since(), requested.waitingSeq());
          requested.started().ifPresent(started -> announce(started, now));
        });
  }

  /**
   * The origin of a request from {@code address}: a pseudonym of the address as the limits per
   * address count it (an IPv6 address its /64), never the address itself; marked with a {@code ~},
   * which no user id holds; none for no address.
   */
  private String originOf(String address) {
    return address == null
        ? null
        : "~" + tokens.pseudonym("origin " + ClientAddresses.limitedAs(address));
  }

  /**
   * Runs the delivery of a frame that another instance sent to a user of this one to start or end a
   * match under the lock of this instance's match changes, so that it comes after what this
   * instance has told the user of its own changes.
   */
  public void deliverMatchEvent(Runnable delivery) {
    HeldLock.run(lock, delivery);
  }

  /** Leaves the queue; a current match goes on. */
  public void cancel(Participant participant) {
    HeldLock.run(lock, () -> queue.cancel(participant.userId()));
  }

  /** The user's current match partner, if any. */
  public Optional<String> partnerOf(String userId) {
    return queue.current(userId).map(match -> match.partnerOf(userId));
  }

  /** The user's current match, if any. */
  public Optional<Match> matchOf(String userId) {
    return queue.current(userId);
  }

  /** The sequence number of the user's latest match notification ({@link MatchQueue.Started}). */
  public long lastSeq(String userId) {
    return queue.lastSeq(userId);
  }

  /**
   * A hang-up to the match partner {@code toUser} ends the match, and only then is {@code delivery}
   * (the hang-up to the partner) run, under the same lock as every other match change: the partner
   * is never told before the match has ended. Returns false, and runs nothing, if {@code toUser} is
   * not the user's match partner.
   */
  public boolean hangUp(Participant participant, String toUser, Runnable delivery) {
    return HeldLock.get(
        lock,
        () -> {
          if (partnerOf(participant.userId()).filter(partner -> partner.equals(toUser)).isEmpty()
              || !end(participant.userId(), Match.End.HANGUP, null)) {
            return false;
          }
          delivery.run();
          return true;
        });
  }

  /**
   * Keeps the user away from {@code peerId} for {@code BLOCK_TTL}; blocking the current partner
   * ends the match (the partner is told it was skipped). Only a user one has met can be blocked:
   * the current partner, or one still kept apart (matched within {@code REMATCH_COOLDOWN}, or
   * blocked before); anyone else is {@code not_your_peer}, so blocks cost no more than the matches
   * they follow.
   */
  public void block(Participant participant, String peerId) {
    if (!Identifiers.isValid(peerId) || peerId.equals(participant.userId())) {
      throw new RuleViolation(ErrorCode.BAD_MESSAGE, "peerId is not another user's id.");
    }
    String userId = participant.userId();
    HeldLock.run(
        lock,
        () -> {
          Instant now = clock.instant();
          boolean partner = partnerOf(userId).filter(peerId::equals).isPresent();
          if (!partner && !queue.avoids(userId, peerId, now)) {
            throw new RuleViolation(
                ErrorCode.NOT_YOUR_PEER,
                "You can block a partner of a current or recent match only.");
          }
          queue.block(userId, peerId, now.plus(settings.matching().blockTtl()), now);
          if (partner) {
            end(userId, Match.End.BLOCKED, "skipped");
          }
        });
  }

  /**
   * Records a report of a current or recent partner (within {@code REMATCH_COOLDOWN}) in that
   * match, and blocks them. A user's report of a match is stored once: a second one within {@code
   * REMATCH_COOLDOWN} is answered the same and stores nothing (the reports remembered for that are
   * forgotten as the next one comes); its row id is the match's and the reporter's, so a second
   * instance's write of it fails too.
   */
  public void report(Participant participant, String peerId, String matchId, String reason) {
    Report.requireReason(reason);
    String userId = participant.userId();
    Match match = matchId == null ? null : queue.find(matchId, clock.instant()).orElse(null);
    if (match == null || !match.involves(userId) || !match.partnerOf(userId).equals(peerId)) {
      throw new RuleViolation(
          ErrorCode.NOT_YOUR_PEER, "You can report a partner of a current or recent match only.");
    }
    Instant now = clock.instant();
    reported.values().removeIf(until -> !until.isAfter(now));
    if (reported.putIfAbsent(
            matchId + "|" + userId, now.plus(settings.matching().rematchCooldown()))
        == null) {
      Report report =
          new Report(Report.idOf(matchId, userId), userId, peerId, matchId, reason, now);
      repository.report(report);
      metrics.reported();
      moderation.reported(report);
    }
    block(participant, peerId);
  }

  /**
   * A closed session leaves the queue and its match; the partner is told {@code reason}
   * ("disconnected", or "timeout" when its client did not come back).
   */
  public void leave(Participant participant, String reason) {
    HeldLock.run(
        lock,
        () -> {
          queue.cancel(participant.userId());
          end(participant.userId(), Match.End.DISCONNECTED, reason);
        });
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
            && queue.current(match.polite()).isEmpty()
            && queue.current(match.impolite()).isEmpty()) {
          queue.restore(match);
        } else {
          repository.ended(match.id(), now, Match.End.DISCONNECTED);
        }
      }
    }
  }

  /**
   * Periodic work: pairs waiters whose interest fallback has run out and waiters that were passed
   * over for a cooldown or block that may have run out.
   */
  public void tick() {
    HeldLock.run(
        lock,
        () -> {
          Instant now = clock.instant();
          for (MatchQueue.Started started : queue.tick(now)) {
            announce(started, now);
          }
        });
  }

  private void announce(MatchQueue.Started started, Instant now) {
    Match match = started.match();
    made++;
    Duration politeWaited = Duration.between(started.politeSince(), now);
    Duration impoliteWaited = Duration.between(started.impoliteSince(), now);
    waitTimes.record(politeWaited);
    waitTimes.record(impoliteWaited);
    metrics.matchMade(politeWaited, impoliteWaited);
    notifier.matched(
        match.polite(),
        Role.POLITE,
        match.impolite(),
        match.id(),
        match.commonInterests(),
        started.politeSeq());
    notifier.matched(
        match.impolite(),
        Role.IMPOLITE,
        match.polite(),
        match.id(),
        match.commonInterests(),
        started.impoliteSeq());
    repository.started(match);
  }

  private boolean end(String userId, Match.End reason, String partnerReason) {
    Instant now = clock.instant();
    Optional<MatchQueue.Ended> ended =
        queue.end(
            userId,
            settings.matching().rematchCooldown(),
            reason != Match.End.DISCONNECTED,
            partnerReason != null,
            now);
    ended.ifPresent(match -> ended(match, userId, reason, partnerReason, now));
    return ended.isPresent();
  }

  private void ended(
      MatchQueue.Ended ended, String userId, Match.End reason, String partnerReason, Instant now) {
    Match match = ended.match();
    if (reason == Match.End.SKIPPED) {
      skips++;
    }
    if (reason != Match.End.DISCONNECTED) {
      notifier.matchLeft(userId, match.id(), ended.userSeq());
    }
    if (partnerReason != null) {
      notifier.matchEnded(
          match.partnerOf(userId), userId, match.id(), partnerReason, ended.partnerSeq());
    }
    repository.ended(match.id(), now, reason);
    metrics.matchEnded(reason);
  }

  /**
   * How many users wait in the queue, as of the last change to it. It never waits for the lock, so
   * it can be read while matching is stuck.
   */
  public int waiting() {
    return queue.waiting();
  }

  /** How many shadow-banned users wait (among {@link #waiting}). */
  public int shadowWaiting() {
    return queue.shadowWaiting();
  }

  /** How many random matches are in progress. */
  public int activeMatches() {
    return queue.active();
  }

  public Stats stats() {
    synchronized (lock) {
      return new Stats(
          queue.waiting(),
          queue.active(),
          made,
          skips,
          waitTimes.averageMillis(),
          waitTimes.percentileMillis(95));
    }
  }
}
