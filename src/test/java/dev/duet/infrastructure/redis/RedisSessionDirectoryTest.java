package dev.duet.infrastructure.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duet.application.SessionDirectoryContract;
import dev.duet.application.port.SessionDirectory;
import dev.duet.testing.FreshRedis;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The session directory against a real Redis, each instance with a connection of its own: the
 * shared rules, and the lease through which the sessions of a dead instance are adopted, once.
 */
class RedisSessionDirectoryTest extends SessionDirectoryContract {
  @RegisterExtension static final FreshRedis redis = new FreshRedis("session-directory-test");

  private static RedisConnection connection(String instanceId) {
    return redis.connection(Map.of("INSTANCE_ID", instanceId));
  }

  @Override
  protected RedisSessionDirectory directory(String instanceId) {
    return RedisSessionDirectory.of(
        connection(instanceId), redis.settings(Map.of("INSTANCE_ID", instanceId)));
  }

  @Test
  void aSessionMovesToTheInstanceThatTakesItOver() {
    directory("a").claim("ann", "s1", "h1");
    assertEquals(Optional.of("a"), directory("b").takeOver("ann", "s1"));
    assertEquals("b", directory("a").find("ann").orElseThrow().instance());
    assertFalse(directory("c").claim("ann", "s2", "h2"));
  }

  @Test
  void theSessionsOfADeadInstanceAreAdoptedOnceByOneLiveInstance() throws Exception {
    RedisSessionDirectory dead = directory("dead");
    assertTrue(dead.renewLease());
    dead.claim("ann", "s1", "h1");
    dead.claim("bob", "s2", "h2");
    directory("b").claim("cat", "s3", "h3");
    RedisConnection redisClient = connection("test");
    redisClient.commands().del("duet:lease:dead");

    List<CompletableFuture<List<SessionDirectory.Entry>>> adoptions = new ArrayList<>();
    for (String live : List.of("b", "c", "d")) {
      RedisSessionDirectory directory = directory(live);
      directory.renewLease();
      adoptions.add(CompletableFuture.supplyAsync(directory::adoptOrphans));
    }
    List<SessionDirectory.Entry> adopted = new ArrayList<>();
    for (CompletableFuture<List<SessionDirectory.Entry>> adoption : adoptions) {
      adopted.addAll(adoption.get(30, TimeUnit.SECONDS));
    }
    assertEquals(
        Set.of("ann", "bob"),
        adopted.stream().map(SessionDirectory.Entry::userId).collect(Collectors.toSet()));
    assertEquals(2, adopted.size(), "adopted once: " + adopted);
    String adopter = adopted.get(0).instance();
    assertEquals(adopter, adopted.get(1).instance(), "by one instance");
    assertEquals(adopter, directory("x").find("ann").orElseThrow().instance());
    assertEquals("h2", directory("x").find("bob").orElseThrow().tokenHash());
    assertEquals("b", directory("x").find("cat").orElseThrow().instance());
    assertFalse(redisClient.commands().sismember("duet:instances", "dead"));
  }

  @Test
  void anInstanceJoinsAgainWhenRedisLostItsState() {
    RedisSessionDirectory directory = directory("a");
    assertTrue(directory.renewLease());
    assertFalse(directory.renewLease());
    connection("test").commands().flushall();
    assertTrue(directory.renewLease());
  }
}
