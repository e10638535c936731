package dev.duet.infrastructure.redis;

import dev.duet.application.port.MatchQueue;
import dev.duet.application.settings.Settings;
import dev.duet.domain.Identifiers;
import dev.duet.domain.Match;
import io.lettuce.core.ScriptOutputType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The random matching of a cluster, in Redis: every operation is one run of {@code match.lua},
 * which keeps the rules of the domain {@code Matchmaker} (its header lists the keys). Waiters are
 * in sorted sets by an arrival number from one counter, so the longest waiter of the whole cluster
 * goes first; a request looks at a bounded window of each index, so its cost does not grow with the
 * queue. Deadlines (cooldowns, blocks, interest fallbacks) are compared with the caller's clock;
 * keys also expire by themselves once no rule needs them. Each pool (ordinary, shadow-banned) has
 * indexes of its own, its waiters numbered by the one counter. The cluster's counts of waiters
 * (shadow-banned ones too) and matches come with every reply, so reading them never waits for
 * Redis: they are as of this instance's last operation, at most one tick (200 ms) old.
 */
@ApplicationScoped
@Typed(RedisMatchQueue.class)
public class RedisMatchQueue implements MatchQueue {
  private static final RedisScript MATCH = RedisScript.load("match.lua");
  private static final int RETRIES_PER_TICK = 1_000;
  private static final int MATCHES_PER_TICK_RUN = 32;
  private static final int TICK_RUNS = 32;
  private static final int STARTED_FIELDS = 9;

  @Inject RedisConnection redis;
  @Inject Settings settings;

  private volatile int waiting;
  private volatile int active;
  private volatile int shadowWaiting;

  /** One over this connection, outside a container. */
  public static RedisMatchQueue of(RedisConnection redis, Settings settings) {
    RedisMatchQueue made = new RedisMatchQueue();
    made.redis = redis;
    made.settings = settings;
    return made;
  }

  private List<String> run(String op, Instant now, String... args) {
    String[] all = new String[args.length + 2];
    all[0] = op;
    all[1] = Long.toString(now.toEpochMilli());
    System.arraycopy(args, 0, all, 2, args.length);
    List<Object> reply = MATCH.run(redis.commands(), ScriptOutputType.MULTI, all);
    waiting = ((Long) reply.get(0)).intValue();
    active = ((Long) reply.get(1)).intValue();
    shadowWaiting = ((Long) reply.get(2)).intValue();
    return reply.subList(3, reply.size()).stream().map(String::valueOf).toList();
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
    List<String> args = new ArrayList<>();
    args.add(userId);
    args.add(shadow ? "s" : "");
    args.add(Long.toString(settings.matching().interestFallback().toMillis()));
    args.add(Long.toString(cooldown.toMillis()));
    args.add(Long.toString(matchTtl()));
    args.add(avoid == null ? "" : avoid);
    args.add(Identifiers.random(16));
    args.add(origin == null ? "" : origin);
    interests.forEach(tag -> args.add(stored(tag)));
    List<String> reply = run("request", now, args.toArray(String[]::new));
    int at = 0;
    Optional<Ended> ended = Optional.empty();
    if (reply.get(at).equals("ended")) {
      ended = Optional.of(ended(reply, at + 1));
      at += 8;
    }
    Instant since = Instant.ofEpochMilli(Long.parseLong(reply.get(at + 1)));
    long waitingSeq = Long.parseLong(reply.get(at + 2));
    at += 3;
    Optional<Started> started =
        at < reply.size() && reply.get(at).equals("started")
            ? Optional.of(started(reply, at + 1))
            : Optional.empty();
    return new Requested(ended, since, waitingSeq, started);
  }

  @Override
  public void cancel(String userId) {
    run("cancel", Instant.now(), userId);
  }

  @Override
  public Optional<Match> current(String userId) {
    List<String> reply = run("current", Instant.now(), userId);
    return reply.isEmpty() ? Optional.empty() : Optional.of(match(reply, 0));
  }

  @Override
  public Optional<Ended> end(
      String userId, Duration cooldown, boolean userTold, boolean partnerTold, Instant now) {
    List<String> reply =
        run(
            "end",
            now,
            userId,
            Long.toString(cooldown.toMillis()),
            userTold ? "1" : "0",
            partnerTold ? "1" : "0");
    return reply.isEmpty() ? Optional.empty() : Optional.of(ended(reply, 0));
  }

  @Override
  public long lastSeq(String userId) {
    String told = redis.commands().get("duet:told:" + userId);
    return told == null ? 0 : Long.parseLong(told);
  }

  @Override
  public void block(String userId, String otherId, Instant until, Instant now) {
    run(
        "block",
        now,
        userId,
        otherId,
        Long.toString(until.toEpochMilli()),
        Long.toString(settings.matching().rematchCooldown().toMillis()));
  }

  /** One read of the pair's key, named as {@code match.lua} names it (ids are ASCII). */
  @Override
  public boolean avoids(String userId, String otherId, Instant now) {
    String pair = userId.compareTo(otherId) < 0 ? userId + "|" + otherId : otherId + "|" + userId;
    String deadline = redis.commands().get("duet:avoid:" + pair);
    return deadline != null && Long.parseLong(deadline) > now.toEpochMilli();
  }

  @Override
  public Optional<Match> find(String matchId, Instant now) {
    Map<String, String> fields = redis.commands().hgetall("duet:m:" + matchId);
    if (fields == null || !fields.containsKey("polite")) {
      return Optional.empty();
    }
    String ended = fields.get("ended");
    if (ended != null
        && Long.parseLong(ended) + settings.matching().rematchCooldown().toMillis()
            <= now.toEpochMilli()) {
      return Optional.empty();
    }
    return Optional.of(
        new Match(
            matchId,
            fields.get("polite"),
            fields.get("impolite"),
            Instant.ofEpochMilli(Long.parseLong(fields.get("started"))),
            tags(fields.get("common"))));
  }

  @Override
  public List<Started> tick(Instant now) {
    List<Started> started = new ArrayList<>();
    for (int runs = 0; runs < TICK_RUNS; runs++) {
      List<String> args = new ArrayList<>();
      args.add(Long.toString(settings.matching().interestFallback().toMillis()));
      args.add(Long.toString(matchTtl()));
      args.add(Integer.toString(RETRIES_PER_TICK));
      for (int i = 0; i < MATCHES_PER_TICK_RUN; i++) {
        args.add(Identifiers.random(16));
      }
      List<String> reply = run("tick", now, args.toArray(String[]::new));
      for (int at = 0; at + STARTED_FIELDS <= reply.size(); at += STARTED_FIELDS) {
        started.add(started(reply, at));
      }
      if (reply.size() < STARTED_FIELDS * MATCHES_PER_TICK_RUN) {
        break;
      }
    }
    return started;
  }

  @Override
  public void restore(Match match) {
    throw new UnsupportedOperationException(
        "a cluster keeps its matches in Redis: nothing to restore");
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

  private long matchTtl() {
    return settings.sessions().sessionTtl().toMillis();
  }

  private static Match match(List<String> reply, int at) {
    return new Match(
        reply.get(at),
        reply.get(at + 1),
        reply.get(at + 2),
        Instant.ofEpochMilli(Long.parseLong(reply.get(at + 3))),
        tags(reply.get(at + 4)));
  }

  private static Started started(List<String> reply, int at) {
    return new Started(
        match(reply, at),
        Instant.ofEpochMilli(Long.parseLong(reply.get(at + 5))),
        Instant.ofEpochMilli(Long.parseLong(reply.get(at + 6))),
        Long.parseLong(reply.get(at + 7)),
        Long.parseLong(reply.get(at + 8)));
  }

  private static Ended ended(List<String> reply, int at) {
    return new Ended(
        match(reply, at), Long.parseLong(reply.get(at + 5)), Long.parseLong(reply.get(at + 6)));
  }

  /**
   * The common interests sorted as the domain sorts them, in {@link String} order. The script sorts
   * the stored forms, and Lua compares strings by the collation of the locale Redis runs in (bytes
   * under {@code C.UTF-8}), which puts a character beyond the BMP after {@code U+FF5A}, Java
   * before.
   */
  private static List<String> tags(String joined) {
    return joined == null || joined.isEmpty()
        ? List.of()
        : Arrays.stream(joined.split(",")).map(RedisMatchQueue::tag).sorted().toList();
  }

  /**
   * A tag as {@code match.lua} keeps it. The script joins a waiter's tags with commas, and Redis
   * holds UTF-8, which cannot carry a lone surrogate (it would arrive as {@code ?}); so a comma, a
   * lone surrogate and the backslash that escapes are each written as a backslash, {@code u} and
   * four hex digits. Any other tag is kept as it is.
   */
  private static String stored(String tag) {
    StringBuilder stored = new StringBuilder(tag.length());
    for (int i = 0; i < tag.length(); i++) {
      char c = tag.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < tag.length()
          && Character.isLowSurrogate(tag.charAt(i + 1))) {
        stored.append(c).append(tag.charAt(++i));
      } else if (c == ',' || c == '\\' || Character.isSurrogate(c)) {
        stored.append(String.format("\\u%04x", (int) c));
      } else {
        stored.append(c);
      }
    }
    return stored.toString();
  }

  /** The tag that {@link #stored} wrote. */
  private static String tag(String stored) {
    StringBuilder tag = new StringBuilder(stored.length());
    for (int i = 0; i < stored.length(); i++) {
      char c = stored.charAt(i);
      if (c == '\\') {
        tag.append((char) Integer.parseInt(stored.substring(i + 2, i + 6), 16));
        i += 5;
      } else {
        tag.append(c);
      }
    }
    return tag.toString();
  }
}
