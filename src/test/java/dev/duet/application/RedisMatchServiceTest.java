package dev.duet.application;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.duet.domain.Participant;
import dev.duet.infrastructure.redis.RedisConnection;
import dev.duet.infrastructure.redis.RedisMatchQueue;
import dev.duet.testing.DuetServer;
import dev.duet.testing.Redis;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every rule of {@link MatchServiceTest} with the queue and the matches in a real Redis, and what
 * only a cluster can get wrong: instances pairing the same users at once.
 */
class RedisMatchServiceTest extends MatchServiceTest {
  private static Redis redis;
  private static final List<RedisConnection> CONNECTIONS = new ArrayList<>();

  @BeforeAll
  static void startRedis() {
    redis = Redis.start("match-service-test");
  }

  @AfterAll
  static void stopRedis() {
    if (redis != null) {
      redis.close();
    }
  }

  @AfterEach
  void disconnect() {
    CONNECTIONS.forEach(connection -> connection.commands().flushall());
    CONNECTIONS.forEach(RedisConnection::close);
    CONNECTIONS.clear();
  }

  @Override
  Fixture fixture(Map<String, String> config) {
    Map<String, String> values = new HashMap<>(config);
    values.put("REDIS_URL", redis.url());
    values.put("JWT_SECRET", DuetServer.SHARED_JWT_SECRET);
    return new Fixture(
        values,
        settings -> {
          RedisConnection connection = RedisConnection.of(settings);
          CONNECTIONS.add(connection);
          return RedisMatchQueue.of(connection, settings);
        });
  }

  /**
   * Three instances, each its own services and Redis connection, take 600 users' requests at once:
   * each user is matched exactly once, and both sides agree, whichever instance paired them.
   */
  @Test
  void instancesAskingAtOnceNeverDoubleBook() throws Exception {
    List<Fixture> instances = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      instances.add(fixture(Map.of("REMATCH_COOLDOWN", "10m")));
    }
    int users = 600;
    ExecutorService pool = Executors.newFixedThreadPool(9);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<?>> requests = new ArrayList<>();
    try {
      for (int i = 0; i < users; i++) {
        Fixture instance = instances.get(i % 3);
        Participant p = instance.sessions.open("u" + i).participant();
        requests.add(
            pool.submit(
                () -> {
                  go.await();
                  instance.matches.request(p, null, null);
                  return null;
                }));
      }
      go.countDown();
      for (Future<?> request : requests) {
        request.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    List<String> lines = new ArrayList<>();
    instances.forEach(instance -> lines.addAll(instance.notifier.take()));
    assertEachMatchedOnceBothAgreeing(lines, users);
    instances.get(0).matches.tick();
    assertEquals(users / 2, instances.get(0).matches.activeMatches(), "the cluster's count");
  }
}
