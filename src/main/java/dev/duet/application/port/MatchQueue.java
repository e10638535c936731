package dev.duet.application.port;

import dev.duet.domain.Match;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Port: the state of random matching, with the rules of the {@link dev.duet.domain.Matchmaker}: the
 * queue (first come, first served; shared interests first; anyone after {@code INTEREST_FALLBACK}),
 * the running matches, the users kept apart (after a match for {@code REMATCH_COOLDOWN}, after a
 * block for {@code BLOCK_TTL}) and the matches ended lately (for reports). Each operation is atomic
 * across every instance of a cluster, so a user is in at most one match or queue place at any
 * instant and both sides of every match agree on it. A single instance keeps it in memory. It tells
 * nobody anything: {@link MatchService} does.
 *
 * <p>The queue has two pools that never mix, each with those rules: shadow-banned users are paired
 * only with each other, everyone else only with everyone else. A shadow-banned user is treated and
 * told as anyone else, so it sees no difference but who it meets (or that it waits longer). Rooms
 * know nothing of pools.
 */
public interface MatchQueue {

  /**
   * A match just made, since when each side had waited, and the sequence numbers of what each side
   * is told of it.
   *
   * <p>In a cluster every notification of a match change (waiting, a start, an end, the user's own
   * leaving) takes the next sequence number of its recipient in the same atomic step as the change,
   * so the recipient's instance can deliver them in the order the changes were made, whichever
   * instance made them. In memory the numbers are 0: one instance tells in order anyway.
   */
  record Started(
      Match match, Instant politeSince, Instant impoliteSince, long politeSeq, long impoliteSeq) {}

  /**
   * A match the user ended, and the sequence numbers of what the user and its partner are told of
   * it (0 for one not told).
   */
  record Ended(Match match, long userSeq, long partnerSeq) {}

  /**
   * What a request did: the match it ended, since when the user waits (and the sequence number of
   * its {@code waiting}), and the match it made.
   */
  record Requested(
      Optional<Ended> ended, Instant since, long waitingSeq, Optional<Started> started) {}

  /**
   * Ends the user's match (as a skip), keeps the user away from {@code avoid} (may be null) for
   * {@code cooldown}, then queues the user in its pool, or pairs it at once within that pool: the
   * shadow-banned one if {@code shadow}, else the other. A user already waiting keeps its place and
   * takes the new interests and origin; one waiting in the other pool moves to this one and keeps
   * its place there too: its {@code since} (what it is told and what its interest fallback counts
   * from) and its arrival, so it goes before those who came after it. {@code origin} is the key of
   * the network the request came from (may be null): the match remembers each side's, and the user
   * is not paired with anyone who blocked that origin ({@link
   * dev.duet.domain.Avoidances#keepsApart}).
   */
  Requested request(
      String userId,
      String origin,
      boolean shadow,
      Set<String> interests,
      String avoid,
      Duration cooldown,
      Instant now);

  /** Takes the user out of the queue, whichever pool it waits in; a running match goes on. */
  void cancel(String userId);

  /** The user's running match. */
  Optional<Match> current(String userId);

  /**
   * Ends the user's running match, keeping the two apart for {@code cooldown}; returns it. Whether
   * the user is told (not when its session closes) and its partner (not after a hang-up, which
   * reaches it as signaling): only a notification made gets a sequence number.
   */
  Optional<Ended> end(
      String userId, Duration cooldown, boolean userTold, boolean partnerTold, Instant now);

  /** The sequence number of the user's latest match notification (0 in memory). */
  long lastSeq(String userId);

  /**
   * Keeps the user apart from {@code otherId} until {@code until}, and from the origin {@code
   * otherId} requested its match with the user from, if they are matched now or their latest match
   * ended within {@code REMATCH_COOLDOWN} before {@code now}, unless that is the user's own origin
   * in that match: a new id from the same network does not get past the block, and nobody is kept
   * from their own network.
   */
  void block(String userId, String otherId, Instant until, Instant now);

  /**
   * Whether two users are kept apart at {@code now}: matched within {@code REMATCH_COOLDOWN}, or
   * one blocked the other.
   */
  boolean avoids(String userId, String otherId, Instant now);

  /** A match that runs or ended within {@code REMATCH_COOLDOWN} before {@code now}. */
  Optional<Match> find(String matchId, Instant now);

  /**
   * Opens the waiters whose interest fallback ran out and tries again those passed over only
   * because they had to avoid someone, in the ordinary pool, then in the shadow-banned one; returns
   * the matches made.
   */
  List<Started> tick(Instant now);

  /** Puts back a running match of an earlier run (a single instance's restart). */
  void restore(Match match);

  /** How many users wait, in both pools. */
  int waiting();

  /** How many shadow-banned users wait (of {@link #waiting}), in the whole cluster. */
  int shadowWaiting();

  /** How many matches run. */
  int active();
}
