package dev.duet.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duet.domain.Participant;
import dev.duet.domain.RuleViolation;
import dev.duet.infrastructure.redis.RedisMatchQueue;
import dev.duet.testing.DuetServer;
import dev.duet.testing.FreshRedis;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every rule of {@link MatchServiceTest} with the queue and the matches in a real Redis, and what
 * only a cluster can get wrong: instances pairing the same users at once.
 */
class RedisMatchServiceTest extends MatchServiceTest {
  @RegisterExtension static final FreshRedis redis = new FreshRedis("match-service-test");

  @Override
  Fixture fixture(Map<String, String> config) {
    Map<String, String> values = new HashMap<>(config);
    values.put("REDIS_URL", redis.url());
    values.put("JWT_SECRET", DuetServer.SHARED_JWT_SECRET);
    return new Fixture(
        values, settings -> RedisMatchQueue.of(redis.connection(settings), settings));
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
                  instance.matches.request(p, "192.0.2.1", null, null);
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

  /**
   * Three instances change the matches of the same users at once (requests, skips, hang-ups,
   * blocks): each notification of a user's match changes, whichever instance made it, has that
   * user's next sequence number. Together they are 1, 2, 3, ... with none missing or twice, and
   * each instance made its own in increasing order; a hang-up's partner is not numbered (it is not
   * told by the matchmaker).
   */
  @Test
  void everyMatchNotificationHasTheNextNumberOfItsRecipient() throws Exception {
    List<Fixture> instances = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      instances.add(fixture(Map.of("REMATCH_COOLDOWN", "0s")));
    }
    int users = 30;
    List<Participant> participants = new ArrayList<>();
    for (int i = 0; i < users; i++) {
      participants.add(instances.get(i % 3).sessions.open("u" + i).participant());
    }
    ExecutorService pool = Executors.newFixedThreadPool(6);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<?>> drivers = new ArrayList<>();
    try {
      for (int d = 0; d < 6; d++) {
        drivers.add(
            pool.submit(
                () -> {
                  go.await();
                  ThreadLocalRandom random = ThreadLocalRandom.current();
                  for (int step = 0; step < 300; step++) {
                    int u = random.nextInt(users);
                    Participant p = participants.get(u);
                    MatchService matches = instances.get(u % 3).matches;
                    String partner = matches.partnerOf(p.userId()).orElse(null);
                    int action = random.nextInt(10);
                    if (partner != null && action == 0) {
                      matches.hangUp(p, partner, () -> {});
                    } else if (partner != null && action == 1) {
                      try {
                        matches.block(p, partner);
                      } catch (RuleViolation endedMeanwhile) {
                        // another driver ended the match, and REMATCH_COOLDOWN is 0 here
                      }
                    } else {
                      matches.request(p, "192.0.2.1", null, partner);
                    }
                  }
                  return null;
                }));
      }
      go.countDown();
      for (Future<?> driver : drivers) {
        driver.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    for (Participant p : participants) {
      List<Long> all = new ArrayList<>();
      for (Fixture instance : instances) {
        List<Long> made = instance.notifier.seqs.getOrDefault(p.userId(), List.of());
        for (int i = 1; i < made.size(); i++) {
          assertTrue(made.get(i - 1) < made.get(i), p.userId() + " numbered out of order: " + made);
        }
        all.addAll(made);
      }
      Collections.sort(all);
      assertEquals(
          LongStream.rangeClosed(1, all.size()).boxed().toList(), all, p.userId() + "'s numbers");
    }
  }
}
