package dev.duet.infrastructure.memory;

import dev.duet.application.port.MatchQueue;
import dev.duet.application.settings.Settings;
import dev.duet.domain.Avoidances;
import dev.duet.domain.Identifiers;
import dev.duet.domain.Match;
import dev.duet.domain.Matchmaker;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiPredicate;

/**
 * The random matching of a single instance: a domain {@link Matchmaker} for each pool (ordinary and
 * shadow-banned) numbering arrivals from one counter, so a waiter moves between them keeping its
 * place; the {@link Avoidances}, the running matches by user, the matches ended lately (and the
 * latest of each pair), and the origins of the waiters and of both sides of those matches, all
 * under one lock.
 */
@ApplicationScoped
@Typed(InMemoryMatchQueue.class)
public class InMemoryMatchQueue implements MatchQueue {
  private static final int RETRIES_PER_TICK = 1_000;
  private static final Duration PRUNE_EVERY = Duration.ofSeconds(10);

  private final Avoidances avoidances = new Avoidances();
  private final Map<String, Match> matchesByUser = new HashMap<>();
  private final Map<String, Finished> recent = new HashMap<>();
  private final Map<String, String> waiterOrigins = new HashMap<>();
  private final Map<String, Sides> runningOrigins = new HashMap<>();
  private final Map<String, String> latestOfPair = new HashMap<>();
  private Matchmaker ordinary;
  private Matchmaker shadowBanned;
  private long arrivals;
  private Instant nextPrune = Instant.MIN;
  private volatile int waiting;
  private volatile int shadowWaiting;
  private volatile int active;

  @Inject Settings settings;

  /** A match that ended at {@code at}, and the origins its sides requested it from. */
  private record Finished(Match match, Instant at, Sides sides) {}

  /** The origins the two sides of a match requested it from (either may be null). */
  private record Sides(String polite, String impolite) {}

  /** One for these settings, outside a container. */
  public static InMemoryMatchQueue of(Settings settings) {
    InMemoryMatchQueue made = new InMemoryMatchQueue();
    made.settings = settings;
    made.init();
    return made;
  }

  @PostConstruct
  void init() {
    Duration fallback = settings.matching().interestFallback();
    ordinary = new Matchmaker(fallback, () -> arrivals++);
    shadowBanned = new Matchmaker(fallback, () -> arrivals++);
  }

  @Override
  public synchronized Requested request(
      String userId,
      String origin,
      boolean shadow,
      Set<String> interests,
      String avoid,
      Duration cooldown,
      Instant now) {
    Optional<Ended> ended = end(userId, cooldown, true, true, now);
    if (avoid != null && !avoid.equals(userId)) {
      avoidances.avoid(userId, avoid, now.plus(cooldown));
    }
    waiterOrigins.put(userId, origin);
    Matchmaker pool = shadow ? shadowBanned : ordinary;
    Matchmaker.Waiter moved = (shadow ? ordinary : shadowBanned).remove(userId);
    Instant since =
        moved != null
            ? moved.since()
            : pool.waiting(userId).map(Matchmaker.Waiter::since).orElse(now);
    Optional<Started> started =
        (moved != null
                ? pool.moveIn(moved, interests, now, avoiding(now))
                : pool.request(userId, interests, now, avoiding(now)))
            .map(p -> start(p, now));
    counted();
    return new Requested(ended, since, 0, started);
  }

  @Override
  public synchronized void cancel(String userId) {
    ordinary.remove(userId);
    shadowBanned.remove(userId);
    waiterOrigins.remove(userId);
    counted();
  }

  @Override
  public synchronized Optional<Match> current(String userId) {
    return Optional.ofNullable(matchesByUser.get(userId));
  }

  @Override
  public synchronized Optional<Ended> end(
      String userId, Duration cooldown, boolean userTold, boolean partnerTold, Instant now) {
    Match match = matchesByUser.get(userId);
    if (match == null) {
      return Optional.empty();
    }
    matchesByUser.remove(match.polite(), match);
    matchesByUser.remove(match.impolite(), match);
    recent.put(match.id(), new Finished(match, now, runningOrigins.remove(match.id())));
    latestOfPair.put(pair(match.polite(), match.impolite()), match.id());
    avoidances.avoid(match.polite(), match.impolite(), now.plus(cooldown));
    counted();
    return Optional.of(new Ended(match, 0, 0));
  }

  @Override
  public long lastSeq(String userId) {
    return 0;
  }

  @Override
  public synchronized void block(String userId, String otherId, Instant until, Instant now) {
    avoidances.avoid(userId, otherId, until);
    String origin = originWith(userId, otherId, now);
    if (origin != null) {
      avoidances.avoid(userId, origin, until);
    }
  }

  /**
   * The origin {@code other} requested its running or recent match with {@code user} from, unless
   * that was {@code user}'s own.
   */
  private String originWith(String user, String other, Instant now) {
    Match match = matchesByUser.get(user);
    Sides sides = null;
    if (match != null && match.partnerOf(user).equals(other)) {
      sides = runningOrigins.get(match.id());
    } else {
      Finished ended = recent.get(latestOfPair.get(pair(user, other)));
      if (ended != null && ended.at().plus(settings.matching().rematchCooldown()).isAfter(now)) {
        match = ended.match();
        sides = ended.sides();
      }
    }
    if (sides == null) {
      return null;
    }
    boolean polite = other.equals(match.polite());
    String theirs = polite ? sides.polite() : sides.impolite();
    return Objects.equals(theirs, polite ? sides.impolite() : sides.polite()) ? null : theirs;
  }

  private static String pair(String a, String b) {
    return a.compareTo(b) < 0 ? a + "|" + b : b + "|" + a;
  }

  @Override
  public synchronized boolean avoids(String userId, String otherId, Instant now) {
    return avoidances.avoids(userId, otherId, now);
  }

  @Override
  public synchronized Optional<Match> find(String matchId, Instant now) {
    for (Match match : matchesByUser.values()) {
      if (match.id().equals(matchId)) {
        return Optional.of(match);
      }
    }
    Finished ended = recent.get(matchId);
    return ended == null || !ended.at().plus(settings.matching().rematchCooldown()).isAfter(now)
        ? Optional.empty()
        : Optional.of(ended.match());
  }

  @Override
  public synchronized List<Started> tick(Instant now) {
    List<Started> started = new ArrayList<>();
    for (Matchmaker pool : List.of(ordinary, shadowBanned)) {
      for (Matchmaker.Pairing pairing : pool.expire(now, avoiding(now))) {
        started.add(start(pairing, now));
      }
      for (Matchmaker.Pairing pairing : pool.retry(now, avoiding(now), RETRIES_PER_TICK)) {
        started.add(start(pairing, now));
      }
    }
    if (!now.isBefore(nextPrune)) {
      nextPrune = now.plus(PRUNE_EVERY);
      avoidances.prune(now);
      Instant forgotten = now.minus(settings.matching().rematchCooldown());
      recent.values().removeIf(ended -> ended.at().isBefore(forgotten));
      latestOfPair.values().removeIf(id -> !recent.containsKey(id));
    }
    counted();
    return started;
  }

  @Override
  public synchronized void restore(Match match) {
    if (!matchesByUser.containsKey(match.polite())
        && !matchesByUser.containsKey(match.impolite())) {
      matchesByUser.put(match.polite(), match);
      matchesByUser.put(match.impolite(), match);
      counted();
    }
  }

  @Override
  public int waiting() {
    return waiting;
  }

  @Override
  public int shadowWaiting() {
    return shadowWaiting;
  }

  @Override
  public int active() {
    return active;
  }

  private BiPredicate<String, String> avoiding(Instant now) {
    return (a, b) -> avoidances.keepsApart(a, waiterOrigins.get(a), b, waiterOrigins.get(b), now);
  }

  private Started start(Matchmaker.Pairing pairing, Instant now) {
    Match match =
        new Match(
            Identifiers.random(16),
            pairing.earlier().userId(),
            pairing.later().userId(),
            now,
            pairing.commonInterests());
    matchesByUser.put(match.polite(), match);
    matchesByUser.put(match.impolite(), match);
    runningOrigins.put(
        match.id(),
        new Sides(waiterOrigins.remove(match.polite()), waiterOrigins.remove(match.impolite())));
    return new Started(match, pairing.earlier().since(), pairing.later().since(), 0, 0);
  }

  private void counted() {
    shadowWaiting = shadowBanned.size();
    waiting = ordinary.size() + shadowWaiting;
    active = matchesByUser.size() / 2;
  }
}
