package dev.duet.infrastructure.redis;

import dev.duet.application.MatchQueueContract;
import dev.duet.application.port.MatchQueue;
import dev.duet.application.settings.Settings;
import dev.duet.testing.DuetServer;
import dev.duet.testing.FreshRedis;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every matching scenario of the domain {@code Matchmaker} and the port's own rules against {@code
 * match.lua} in a real Redis, emptied before each test.
 */
class RedisMatchQueueTest extends MatchQueueContract {
  @RegisterExtension static final FreshRedis redis = new FreshRedis("match-queue-test");

  private static Settings settings() {
    Map<String, String> values = new HashMap<>(CONFIG);
    values.put("REDIS_URL", redis.url());
    values.put("JWT_SECRET", DuetServer.SHARED_JWT_SECRET);
    return Settings.of(values);
  }

  /**
   * 5,000 waiters, beyond the 1,000 a script looks at in an index; 50,000 would take a minute of
   * requests. That the cost does not grow is counted by the domain test.
   */
  @Override
  protected int crowd() {
    return 5_000;
  }

  @Override
  protected MatchQueue queue() {
    RedisConnection connection = redis.connection(settings());
    connection.commands().flushall();
    return RedisMatchQueue.of(connection, settings());
  }
}
