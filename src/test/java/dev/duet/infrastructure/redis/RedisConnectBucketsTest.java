package dev.duet.infrastructure.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duet.application.settings.Settings;
import dev.duet.domain.TokenBucket;
import dev.duet.testing.FreshRedis;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The cluster's handshake buckets against a real Redis, each {@link #instance} with a connection of
 * its own: they share each address's bucket, and the script gives the {@link TokenBucket}'s
 * verdicts (the one rule, in Lua for Redis) for any sequence of handshakes: random ones, a little
 * faster than the rate, so that the buckets keep running dry.
 */
@Timeout(60)
class RedisConnectBucketsTest {
  @RegisterExtension static final FreshRedis redis = new FreshRedis("connect-buckets-test");

  private RedisConnectBuckets instance(int perMinute, int burst) {
    Settings settings =
        redis.settings(
            Map.of(
                "CONNECT_RATE_PER_MINUTE", Integer.toString(perMinute),
                "CONNECT_RATE_BURST", Integer.toString(burst)));
    return RedisConnectBuckets.of(redis.connection(), settings);
  }

  @Test
  void connectingToAnotherInstanceRefillsNothing() {
    RedisConnectBuckets a = instance(60, 30);
    RedisConnectBuckets b = instance(60, 30);
    long now = 1_700_000_000_000L;
    for (int i = 0; i < 30; i++) {
      assertTrue((i % 2 == 0 ? a : b).take("198.51.100.7", now), "handshake " + i);
    }
    assertFalse(a.take("198.51.100.7", now), "the 31st, on either instance");
    assertFalse(b.take("198.51.100.7", now));
    assertTrue(b.take("198.51.100.8", now), "another address has a bucket of its own");
    assertTrue(a.take("198.51.100.7", now + 1_000), "one more a second");
    assertFalse(b.take("198.51.100.7", now + 1_500));
  }

  @Test
  void anIdleBucketExpiresOnceItWouldBeFullAgain() {
    RedisConnectBuckets a = instance(60, 30);
    a.take("198.51.100.9", System.currentTimeMillis());
    long ttl = redis.connection().commands().pttl("duet:connect:198.51.100.9");
    assertTrue(ttl > 1_000 && ttl <= 2_000, "one token takes a second to come back: " + ttl);
  }

  @Test
  void theScriptAndTheTokenBucketGiveTheSameVerdicts() {
    Random random = new Random(23);
    for (int run = 0; run < 20; run++) {
      int perMinute = 1 + random.nextInt(600);
      int burst = 1 + random.nextInt(40);
      List<RedisConnectBuckets> instances =
          List.of(instance(perMinute, burst), instance(perMinute, burst));
      Map<String, TokenBucket> rule = new HashMap<>();
      long now = 1_700_000_000_000L + random.nextInt(1_000_000);
      int meanStep = 60_000 / perMinute;
      for (int step = 0; step < 300; step++) {
        now += random.nextInt(10) == 0 ? -random.nextInt(500) : random.nextInt(2 * meanStep + 1);
        String address = "203.0.113." + run + "." + random.nextInt(2);
        boolean expected =
            rule.computeIfAbsent(address, key -> new TokenBucket(perMinute, burst))
                    .take(now * 1_000_000)
                == TokenBucket.Verdict.ALLOWED;
        boolean taken = instances.get(random.nextInt(2)).take(address, now);
        assertEquals(
            expected,
            taken,
            "run " + run + " step " + step + ": " + perMinute + "/min, burst " + burst);
      }
    }
  }
}
