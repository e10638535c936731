package dev.duet.application;

import dev.duet.application.port.MatchQueue;
import dev.duet.domain.Match;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A {@link MatchQueue} that passes every call on and writes down in words what it was asked and
 * what it answered, in a form two implementations can be compared by: match ids as the order they
 * first appeared in ({@code m1}, {@code m2}, ...), times as the exact offset from an origin,
 * interests sorted. Sequence numbers are left out: in memory they are 0 by design.
 *
 * <p>It also shadow-bans users itself, whatever the application asks: a request of a user {@link
 * #shadowBan}ned goes on as one from the shadow-banned pool. A match is described with the pool its
 * two sides last asked from, which is one pool unless the queue mixed them.
 */
final class RecordingMatchQueue implements MatchQueue {
  private final MatchQueue delegate;
  private final Instant origin;
  private final Map<String, String> labels = new HashMap<>();
  private final List<Match> matches = new ArrayList<>();
  private final List<String> log = new ArrayList<>();
  private final Set<String> shadowBanned = new HashSet<>();
  private final Map<String, Boolean> pools = new HashMap<>();
  private boolean changed;

  RecordingMatchQueue(MatchQueue delegate, Instant origin) {
    this.delegate = delegate;
    this.origin = origin;
  }

  /** What was asked and answered since the last call. */
  List<String> take() {
    List<String> taken = List.copyOf(log);
    log.clear();
    changed = false;
    return taken;
  }

  /** Whether an operation that may change the queue or the matches ran since the last take. */
  boolean changed() {
    return changed;
  }

  /** The matches seen so far, in the order of their labels. */
  List<Match> matches() {
    return List.copyOf(matches);
  }

  /** The text with every match id seen so far replaced by its label. */
  String canonical(String text) {
    String result = text;
    for (Match match : matches) {
      result = result.replace(match.id(), labels.get(match.id()));
    }
    return result;
  }

  /** Shadow-bans the user from its next request on, or lifts its ban. */
  void shadowBan(String userId, boolean banned) {
    if (banned) {
      shadowBanned.add(userId);
    } else {
      shadowBanned.remove(userId);
    }
  }

  /** The user's running match, not written down. */
  String state(String userId) {
    return delegate.current(userId).map(this::describe).orElse("-");
  }

  String time(Instant instant) {
    Duration offset = Duration.between(origin, instant);
    return offset.toNanos() % 1_000_000 == 0 ? offset.toMillis() + "ms" : offset.toString();
  }

  private String label(Match match) {
    return labels.computeIfAbsent(
        match.id(),
        id -> {
          matches.add(match);
          return "m" + matches.size();
        });
  }

  private String describe(Match match) {
    return label(match)
        + "("
        + match.polite()
        + " polite, "
        + match.impolite()
        + " impolite, since "
        + time(match.startedAt())
        + ", common "
        + match.commonInterests()
        + ")";
  }

  private String describe(Started started) {
    return "started "
        + describe(started.match())
        + " waited from "
        + time(started.politeSince())
        + " and "
        + time(started.impoliteSince())
        + pools(started.match());
  }

  private String pools(Match match) {
    boolean polite = pools.getOrDefault(match.polite(), false);
    if (polite != pools.getOrDefault(match.impolite(), false)) {
      return " ACROSS POOLS";
    }
    return polite ? " in the shadow pool" : "";
  }

  private String describe(Optional<Ended> ended) {
    return ended.map(e -> "ended " + describe(e.match())).orElse("no match ended");
  }

  private <T> T noted(String call, T answer, String described) {
    log.add("queue " + call + " -> " + described);
    return answer;
  }

  private <T> T changing(String call, T answer, String described) {
    changed = true;
    return noted(call, answer, described);
  }

  @Override
  public Requested request(
      String userId,
      String origin,
      boolean shadow,
      Set<String> interests,
      String avoid,
      Duration cooldown,
      Instant now) {
    boolean pool = shadow || shadowBanned.contains(userId);
    Boolean before = pools.put(userId, pool);
    Requested requested = delegate.request(userId, origin, pool, interests, avoid, cooldown, now);
    boolean moved = before != null && before != pool && requested.since().isBefore(now);
    return changing(
        "request "
            + userId
            + (pool ? " shadow-banned" : "")
            + " from "
            + origin
            + " "
            + new TreeSet<>(interests)
            + " avoid "
            + avoid
            + " "
            + cooldown,
        requested,
        describe(requested.ended())
            + (moved ? ", moved to the " + (pool ? "shadow" : "ordinary") + " pool" : "")
            + ", waits since "
            + time(requested.since())
            + ", "
            + requested.started().map(this::describe).orElse("no match started"));
  }

  @Override
  public void cancel(String userId) {
    delegate.cancel(userId);
    changing("cancel " + userId, null, "done");
  }

  @Override
  public Optional<Match> current(String userId) {
    Optional<Match> current = delegate.current(userId);
    return noted("current " + userId, current, current.map(this::describe).orElse("none"));
  }

  @Override
  public Optional<Ended> end(
      String userId, Duration cooldown, boolean userTold, boolean partnerTold, Instant now) {
    Optional<Ended> ended = delegate.end(userId, cooldown, userTold, partnerTold, now);
    return changing(
        "end " + userId + " " + cooldown + " told " + userTold + "/" + partnerTold,
        ended,
        describe(ended));
  }

  @Override
  public long lastSeq(String userId) {
    return delegate.lastSeq(userId);
  }

  @Override
  public void block(String userId, String otherId, Instant until, Instant now) {
    delegate.block(userId, otherId, until, now);
    changing("block " + userId + " " + otherId + " until " + time(until), null, "done");
  }

  @Override
  public boolean avoids(String userId, String otherId, Instant now) {
    return delegate.avoids(userId, otherId, now);
  }

  @Override
  public Optional<Match> find(String matchId, Instant now) {
    Optional<Match> found = delegate.find(matchId, now);
    return noted(
        "find " + canonical(matchId) + " at " + time(now),
        found,
        found.map(this::describe).orElse("none"));
  }

  @Override
  public List<Started> tick(Instant now) {
    List<Started> started = delegate.tick(now);
    return changing(
        "tick at " + time(now), started, started.stream().map(this::describe).toList().toString());
  }

  @Override
  public void restore(Match match) {
    delegate.restore(match);
  }

  @Override
  public int waiting() {
    return delegate.waiting();
  }

  @Override
  public int shadowWaiting() {
    return delegate.shadowWaiting();
  }

  @Override
  public int active() {
    return delegate.active();
  }
}
