package dev.duet.application;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.duet.application.settings.Settings;
import dev.duet.infrastructure.memory.InMemoryMatchQueue;
import dev.duet.infrastructure.redis.RedisConnection;
import dev.duet.infrastructure.redis.RedisMatchQueue;
import dev.duet.testing.DuetServer;
import dev.duet.testing.Redis;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The matching of a single instance (the domain {@code Matchmaker} in memory) and of a cluster
 * ({@code match.lua} in a real Redis) agree: both are driven through the same application services
 * by the same randomized sequences of joins, leaves, requests with interests, skips, cancels,
 * hang-ups, blocks, reports, shadow bans and their lifting (some users are shadow-banned from the
 * start), ticks and clock steps onto and past every deadline (interest fallback, rematch cooldown,
 * block), and after every step everything that could be seen of it must be the same on both sides:
 * the outcome or refusal, each call to the queue and its answer (who was matched with whom, roles,
 * waiting times, common interests, which match ended), every notification, every row recorded, the
 * statistics and every user's match. Match ids are random, so they are compared by the order they
 * appeared in. Neither side may match users of the two pools (shadow-banned and ordinary) with each
 * other, even where both would agree on it.
 *
 * <p>{@value #SEQUENCES} sequences, seeds 1 to {@value #SEQUENCES} ({@code
 * -Dduet.differential.sequences=N} for more), in {@value #LANES} lanes at once, each with a Redis
 * database of its own; a failure names the lowest seed that disagreed, replayed alone with {@code
 * -Dduet.differential.seed=N}, and the shortest part of its sequence that still disagrees.
 */
class MatchQueueDifferentialTest {
  private static final int SEQUENCES = 1_000;
  private static final int LANES = 3;
  private static final long SHRINK_MILLIS = 20_000;
  private static Redis redis;
  private static final List<RedisConnection> LANE_CONNECTIONS = new ArrayList<>();

  @BeforeAll
  static void startRedis() {
    redis = Redis.start("match-differential-test");
    for (int lane = 0; lane < LANES; lane++) {
      LANE_CONNECTIONS.add(RedisConnection.of(Settings.of(redisValues(Map.of(), lane))));
    }
  }

  @AfterAll
  static void stopRedis() {
    LANE_CONNECTIONS.forEach(RedisConnection::close);
    if (redis != null) {
      redis.close();
    }
  }

  /** The settings of the Redis side: one Redis database for each lane of sequences. */
  private static Map<String, String> redisValues(Map<String, String> config, int lane) {
    Map<String, String> values = new HashMap<>(config);
    values.put("REDIS_URL", redis.url() + "/" + lane);
    values.put("JWT_SECRET", DuetServer.SHARED_JWT_SECRET);
    return values;
  }

  /** One seed's settings, users (those shadow-banned from the start) and steps. */
  private record Sequence(
      long seed, MatchOp.Config config, int users, Set<Integer> shadowBanned, List<MatchOp> ops) {
    static Sequence of(long seed) {
      Random random = new Random(seed);
      MatchOp.Config config = MatchOp.Config.random(random);
      int users = 2 + random.nextInt(5);
      int length = 10 + random.nextInt(41);
      List<MatchOp> ops = MatchOp.sequence(random, config, users, length);
      return new Sequence(seed, config, users, MatchOp.shadowBanned(random, users), ops);
    }

    Sequence with(List<MatchOp> fewer) {
      return new Sequence(seed, config, users, shadowBanned, List.copyOf(fewer));
    }
  }

  /**
   * What each side saw of each step, up to the first step they saw differently ({@code step}), or
   * all of them ({@code step} -1).
   */
  private record Run(int step, List<List<String>> memory, List<List<String>> redis) {
    boolean agreed() {
      return step < 0;
    }
  }

  /** What the sequences did, by lines of what was seen: proof that they exercise every rule. */
  private static final Map<String, Pattern> EVENTS = new LinkedHashMap<>();

  static {
    EVENTS.put("matches made", Pattern.compile("row started .*"));
    EVENTS.put(
        "sharing an interest", Pattern.compile("queue .*started m\\d+\\(.*common \\[[^]].*"));
    EVENTS.put("made by a tick", Pattern.compile("queue tick .* -> \\[started .*"));
    EVENTS.put("skipped", Pattern.compile("row ended .* SKIPPED"));
    EVENTS.put("hung up", Pattern.compile("row ended .* HANGUP"));
    EVENTS.put("blocked", Pattern.compile("row ended .* BLOCKED"));
    EVENTS.put("disconnected", Pattern.compile("row ended .* DISCONNECTED"));
    EVENTS.put("reports recorded", Pattern.compile("row report .*"));
    EVENTS.put("recent matches found", Pattern.compile("queue find .* -> m.*"));
    EVENTS.put("requests refused", Pattern.compile(".*: refused .*"));
    EVENTS.put("matched in the shadow pool", Pattern.compile("queue .*started .* shadow pool.*"));
    EVENTS.put("moved between pools", Pattern.compile("queue request .*, moved to the .*"));
  }

  /** What the {@link RecordingMatchQueue} writes of a match of users of two pools. */
  private static final Pattern ACROSS_POOLS = Pattern.compile(".*ACROSS POOLS.*");

  /**
   * Every sequence agrees step by step, and together they did what they are meant to try: matches
   * at once, on shared interests and by ticks (fallbacks, cooldowns and blocks running out), every
   * way a match ends, reports of recent matches, refusals, matches of shadow-banned users and moves
   * between the pools; and no sequence matched users of the two pools with each other.
   */
  @Test
  @Timeout(120)
  void inMemoryAndRedisMatchingAgreeOnRandomizedSequences() throws Exception {
    String only = System.getProperty("duet.differential.seed");
    List<Long> seeds =
        only != null
            ? List.of(Long.parseLong(only))
            : LongStream.rangeClosed(
                    1, Integer.getInteger("duet.differential.sequences", SEQUENCES))
                .boxed()
                .toList();
    long started = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(LANES);
    List<Future<Lane>> lanes = new ArrayList<>();
    try {
      for (int lane = 0; lane < LANES; lane++) {
        int number = lane;
        lanes.add(pool.submit(() -> lane(seeds, number)));
      }
      Lane all = new Lane();
      for (Future<Lane> lane : lanes) {
        all.add(lane.get());
      }
      if (all.failing != null) {
        fail(report(all.failing, run(all.failing, 0)));
      }
      if (all.mixing != null) {
        fail(
            String.format(
                "both sides matched users of the two pools with each other on seed %d (replay:"
                    + " -Dduet.differential.seed=%d)",
                all.mixing.seed(), all.mixing.seed()));
      }
      System.out.printf(
          "in memory and Redis agreed on %d sequences, %d steps, in %.1f s: %s%n",
          seeds.size(), all.steps, (System.nanoTime() - started) / 1e9, all.seen);
      if (only == null) {
        EVENTS.keySet().forEach(event -> assertTrue(all.seen.containsKey(event), "never " + event));
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * What a lane of sequences did: steps, events, the first sequence that disagreed and the first
   * that matched users of the two pools with each other.
   */
  private static final class Lane {
    long steps;
    final Map<String, Integer> seen = new TreeMap<>();
    Sequence failing;
    Sequence mixing;

    void add(Lane other) {
      steps += other.steps;
      other.seen.forEach((event, count) -> seen.merge(event, count, Integer::sum));
      failing = lowest(failing, other.failing);
      mixing = lowest(mixing, other.mixing);
    }

    private static Sequence lowest(Sequence one, Sequence other) {
      return one == null || (other != null && other.seed() < one.seed()) ? other : one;
    }
  }

  /** Runs every {@link #LANES}th seed from the {@code lane}th on, up to the first disagreeing. */
  private static Lane lane(List<Long> seeds, int lane) {
    Lane done = new Lane();
    for (int i = lane; i < seeds.size(); i += LANES) {
      Sequence sequence = Sequence.of(seeds.get(i));
      Run run = run(sequence, lane);
      if (!run.agreed()) {
        done.failing = sequence;
        return done;
      }
      done.steps += sequence.ops().size();
      for (List<String> step : run.memory()) {
        for (String line : step) {
          if (done.mixing == null && ACROSS_POOLS.matcher(line).matches()) {
            done.mixing = sequence;
          }
          EVENTS.forEach(
              (event, pattern) -> {
                if (pattern.matcher(line).matches()) {
                  done.seen.merge(event, 1, Integer::sum);
                }
              });
        }
      }
    }
    return done;
  }

  private static Run run(Sequence sequence, int lane) {
    RedisConnection connection = LANE_CONNECTIONS.get(lane);
    connection.commands().flushdb();
    Map<String, String> config = sequence.config().values();
    MatchSide memory =
        new MatchSide(config, sequence.users(), sequence.shadowBanned(), InMemoryMatchQueue::of);
    MatchSide cluster =
        new MatchSide(
            redisValues(config, lane),
            sequence.users(),
            sequence.shadowBanned(),
            settings -> RedisMatchQueue.of(connection, settings));
    List<List<String>> inMemory = new ArrayList<>();
    List<List<String>> inRedis = new ArrayList<>();
    for (int step = 0; step < sequence.ops().size(); step++) {
      MatchOp op = sequence.ops().get(step);
      inMemory.add(memory.apply(op));
      inRedis.add(cluster.apply(op));
      if (!inMemory.get(step).equals(inRedis.get(step))) {
        return new Run(step, inMemory, inRedis);
      }
    }
    return new Run(-1, inMemory, inRedis);
  }

  /** The failing sequence cut to where it first disagrees, then without every step it can lose. */
  private static Sequence shrink(Sequence failing, int step) {
    Sequence shortest = failing.with(failing.ops().subList(0, step + 1));
    long deadline = System.currentTimeMillis() + SHRINK_MILLIS;
    for (int chunk = Math.max(1, shortest.ops().size() / 2); chunk >= 1; chunk /= 2) {
      boolean lost = true;
      while (lost && System.currentTimeMillis() < deadline) {
        lost = false;
        for (int from = 0; from < shortest.ops().size(); from += chunk) {
          List<MatchOp> cut = new ArrayList<>(shortest.ops());
          cut.subList(from, Math.min(cut.size(), from + chunk)).clear();
          List<MatchOp> fewer = MatchOp.joinedFirst(cut);
          Run still = fewer.isEmpty() ? null : run(shortest.with(fewer), 0);
          if (still != null && !still.agreed()) {
            shortest = shortest.with(fewer.subList(0, still.step() + 1));
            lost = true;
            break;
          }
        }
      }
    }
    return shortest;
  }

  private static String report(Sequence sequence, Run disagreement) {
    Sequence minimal = shrink(sequence, disagreement.step());
    Run again = run(minimal, 0);
    StringBuilder text = new StringBuilder();
    text.append(
        String.format(
            "in memory and Redis disagree on seed %d (replay: -Dduet.differential.seed=%d), %s,"
                + " %d users (shadow-banned from the start: %s), at step %d of %d: %s%n",
            sequence.seed(),
            sequence.seed(),
            sequence.config(),
            sequence.users(),
            sequence.shadowBanned().stream().sorted().map(MatchOp::userId).toList(),
            disagreement.step() + 1,
            sequence.ops().size(),
            sequence.ops().get(disagreement.step())));
    text.append(
        String.format(
            "%nthe shortest part of it that disagrees, %d steps:%n", minimal.ops().size()));
    IntStream.range(0, minimal.ops().size())
        .forEach(
            i ->
                text.append("  ")
                    .append(i + 1)
                    .append(". ")
                    .append(minimal.ops().get(i))
                    .append('\n'));
    if (!again.agreed()) {
      int last = again.step();
      for (int i = 0; i < last; i++) {
        text.append(String.format("%nstep %d, alike:%n", i + 1));
        again.memory().get(i).stream()
            .filter(line -> !line.startsWith("match of ") || !line.endsWith(": -"))
            .forEach(line -> text.append("  ").append(line).append('\n'));
      }
      text.append(String.format("%nstep %d in memory:%n", last + 1));
      again.memory().get(last).forEach(line -> text.append("  ").append(line).append('\n'));
      text.append(String.format("%nstep %d in Redis:%n", last + 1));
      again.redis().get(last).forEach(line -> text.append("  ").append(line).append('\n'));
    }
    return printable(text.toString());
  }

  /** The text with every character beyond printable ASCII as its Java escape. */
  private static String printable(String text) {
    StringBuilder printable = new StringBuilder(text.length());
    text.chars()
        .forEach(
            c -> {
              if (c == '\n' || (c >= ' ' && c < 127)) {
                printable.append((char) c);
              } else {
                printable.append(String.format("\\u%04x", c));
              }
            });
    return printable.toString();
  }
}
