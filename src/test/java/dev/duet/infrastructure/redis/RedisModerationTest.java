package dev.duet.infrastructure.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duet.domain.Ban;
import dev.duet.domain.BanScope;
import dev.duet.domain.Churn;
import dev.duet.domain.Visitor;
import dev.duet.infrastructure.memory.InMemoryBanIndex;
import dev.duet.infrastructure.memory.InMemoryChurnCounts;
import dev.duet.infrastructure.memory.InMemoryReportCounts;
import dev.duet.testing.FreshRedis;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The cluster's ban index, report counts and churn counts ({@code bans.lua}, {@code
 * report-count.lua}, {@code churn-add.lua} in a real Redis) against the single instance's ({@link
 * InMemoryBanIndex}, the domain {@code ReportTally} and {@code Churn}): the same random sequences
 * of bans made, lifted and looked up, and of reports, with the clock stepping onto and past every
 * end, give the same answers; and a ban put through one instance is found through another at once.
 */
@Timeout(60)
class RedisModerationTest {
  private static final int SEQUENCES = 30;
  private static final int STEPS = 200;

  @RegisterExtension static final FreshRedis redis = new FreshRedis("moderation-test");

  private static List<String> ids(List<Ban> bans) {
    return bans.stream().map(Ban::id).sorted().toList();
  }

  @Test
  void aBanPutThroughOneInstanceIsFoundThroughAnotherWithAllItsFields() {
    RedisBanIndex a = RedisBanIndex.of(redis.connection());
    RedisBanIndex b = RedisBanIndex.of(redis.connection());
    Instant now = Instant.parse("2026-12-06T12:00:00Z");
    Ban ban =
        Ban.of(
            BanScope.NETWORK,
            "net-key",
            true,
            "spam, twice\nand more",
            "Ann",
            now,
            Optional.of(Duration.ofHours(1)),
            "u1");
    a.put(ban, now);
    Visitor visitor = new Visitor("u2", "d2", "other", "net-key");
    assertEquals(List.of(ban), b.find(visitor.subjects(), now));
    b.remove(ban);
    assertEquals(List.of(), a.find(visitor.subjects(), now));
    Ban forever = Ban.of(BanScope.USER, "u2", false, "x", "Ann", now, Optional.empty(), null);
    a.put(forever, now);
    assertEquals(List.of(forever), b.find(visitor.subjects(), now.plus(Duration.ofDays(9_999))));
    assertEquals(
        -1L, redis.connection().commands().pttl("duet:ban:" + forever.id()), "never expires");
  }

  @Test
  void theIndexesAgreeOnRandomBansLiftsLookupsAndEnds() {
    for (int seed = 1; seed <= SEQUENCES; seed++) {
      redis.connection().commands().flushall();
      Random random = new Random(seed);
      InMemoryBanIndex memory = new InMemoryBanIndex();
      RedisBanIndex cluster = RedisBanIndex.of(redis.connection());
      Instant now = Instant.parse("2026-12-06T12:00:00Z");
      List<Ban> made = new ArrayList<>();
      for (int step = 0; step < STEPS; step++) {
        int what = random.nextInt(10);
        if (what < 4) {
          BanScope scope = BanScope.values()[random.nextInt(3)];
          Optional<Duration> length =
              random.nextInt(5) == 0
                  ? Optional.empty()
                  : Optional.of(Duration.ofMinutes(1 + random.nextInt(30)));
          Ban ban =
              Ban.of(
                  scope,
                  "s" + random.nextInt(6),
                  random.nextBoolean(),
                  "r",
                  "m",
                  now.minus(Duration.ofMinutes(random.nextInt(3))),
                  length,
                  null);
          made.add(ban);
          memory.put(ban, now);
          cluster.put(ban, now);
        } else if (what < 5 && !made.isEmpty()) {
          Ban ban = made.get(random.nextInt(made.size()));
          memory.remove(ban);
          cluster.remove(ban);
        } else if (what < 7) {
          now = now.plus(Duration.ofSeconds(random.nextInt(600)));
        } else {
          Visitor visitor =
              new Visitor(
                  "s" + random.nextInt(6),
                  "s" + random.nextInt(6),
                  "s" + random.nextInt(6),
                  random.nextBoolean() ? null : "s" + random.nextInt(6));
          List<Ban> fromMemory = memory.find(visitor.subjects(), now);
          List<Ban> fromRedis = cluster.find(visitor.subjects(), now);
          assertEquals(ids(fromMemory), ids(fromRedis), "seed " + seed + " step " + step);
          assertEquals(
              visitor.barredBy(fromMemory, now).map(Ban::id),
              visitor.barredBy(fromRedis, now).map(Ban::id),
              "seed " + seed + " step " + step);
          assertEquals(
              visitor.shadowedBy(fromMemory, now),
              visitor.shadowedBy(fromRedis, now),
              "seed " + seed + " step " + step);
        }
      }
    }
  }

  @Test
  void theChurnCountsAgreeWithTheDomainChurn() {
    for (int seed = 1; seed <= SEQUENCES; seed++) {
      redis.connection().commands().flushall();
      Random random = new Random(seed);
      InMemoryChurnCounts memory = new InMemoryChurnCounts();
      RedisChurnCounts cluster = RedisChurnCounts.of(redis.connection());
      Instant now = Instant.parse("2026-12-06T12:00:00Z");
      long highest = 0;
      for (int step = 0; step < STEPS; step++) {
        if (random.nextInt(5) == 0) {
          now = now.plus(Duration.ofSeconds(random.nextInt(40)));
          continue;
        }
        String network = "n" + random.nextInt(2);
        long weight = random.nextInt(8) == 0 ? 10 : 1;
        long fromMemory = memory.add(network, weight, now);
        assertEquals(
            fromMemory, cluster.add(network, weight, now), "seed " + seed + " step " + step);
        highest = Math.max(highest, fromMemory);
      }
      assertTrue(highest > Churn.FREE, "the sequence went past the free churn: " + highest);
    }
  }

  @Test
  void theReportCountsAgreeWithTheTally() {
    for (int seed = 1; seed <= SEQUENCES; seed++) {
      redis.connection().commands().flushall();
      Random random = new Random(seed);
      InMemoryReportCounts memory = new InMemoryReportCounts();
      RedisReportCounts cluster = RedisReportCounts.of(redis.connection());
      Duration window = Duration.ofMinutes(10);
      Instant now = Instant.parse("2026-12-06T12:00:00Z");
      int counted = 0;
      for (int step = 0; step < STEPS; step++) {
        if (random.nextInt(4) == 0) {
          now = now.plus(Duration.ofSeconds(random.nextInt(300)));
          continue;
        }
        String reported = "u" + random.nextInt(3);
        String reporter = "r" + random.nextInt(8);
        int fromMemory = memory.add(reported, reporter, now, window);
        assertEquals(
            fromMemory,
            cluster.add(reported, reporter, now, window),
            "seed " + seed + " step " + step);
        counted = Math.max(counted, fromMemory);
      }
      assertTrue(counted >= 3, "the sequence reached 3 reporters: " + counted);
    }
  }

  @Test
  void bansLeaveRedisByThemselvesOnceOver() {
    RedisConnection connection = redis.connection();
    RedisBanIndex index = RedisBanIndex.of(connection);
    Instant now = Instant.now();
    Ban ban =
        Ban.of(BanScope.USER, "u", false, "x", "m", now, Optional.of(Duration.ofMinutes(1)), null);
    index.put(ban, now);
    long ttl = connection.commands().pttl("duet:ban:" + ban.id());
    assertTrue(ttl > 60_000 && ttl <= 120_000, "expires a minute after the ban: " + ttl);
    assertTrue(connection.commands().pttl("duet:bans:USER:u") > 60_000);
    Ban over =
        Ban.of(
            BanScope.USER,
            "v",
            false,
            "x",
            "m",
            now.minusSeconds(120),
            Optional.of(Duration.ofMinutes(1)),
            null);
    index.put(over, now);
    assertEquals(0L, connection.commands().exists("duet:ban:" + over.id()), "not kept");
    List<Ban> sorted = new ArrayList<>(List.of(ban));
    sorted.sort(Comparator.comparing(Ban::id));
    assertEquals(sorted, index.find(new Visitor("u", null, null, null).subjects(), now));
  }
}
