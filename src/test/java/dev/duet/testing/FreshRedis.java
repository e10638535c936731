package dev.duet.testing;

import dev.duet.application.settings.Settings;
import dev.duet.infrastructure.redis.RedisConnection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A test class's own real {@link Redis}, empty at the start of every test: the set-up the Redis
 * adapter tests share, as a JUnit 5 extension registered in a static field,
 *
 * <pre>{@code
 * @RegisterExtension static final FreshRedis redis = new FreshRedis("room-registry-test");
 * }</pre>
 *
 * <p>It starts the Redis, named {@code name} (its files under {@code target/it/redis-name}), before
 * all tests of the class and stops it after them. Before each test it empties it ({@code
 * FLUSHALL}); after each it closes every {@link RedisConnection} it handed out until then, those
 * opened while JUnit made the test instance included. Without redis-server the class is skipped
 * loudly, and fails under {@code CI=true}, as with {@link Redis#start}.
 *
 * <p>The connections it hands out are lazy, as the application's are: each connects on first use.
 */
public final class FreshRedis
    implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {
  private final String name;
  private final List<RedisConnection> connections = new CopyOnWriteArrayList<>();
  private Redis redis;

  /** A Redis named {@code name}, a name no other test class uses. */
  public FreshRedis(String name) {
    this.name = name;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    redis = Redis.start(name);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (redis != null) {
      redis.close();
      redis = null;
    }
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    connection().commands().flushall();
  }

  @Override
  public void afterEach(ExtensionContext context) {
    try {
      connections.forEach(RedisConnection::close);
    } finally {
      connections.clear();
    }
  }

  /** The URL Duet's {@code REDIS_URL} takes for this Redis. */
  public String url() {
    return redis.url();
  }

  /** {@link #settings(Map)} with nothing more. */
  public Settings settings() {
    return settings(Map.of());
  }

  /**
   * Settings for this Redis: {@code more}, with a {@code ROOM_TTL} of 10 s, this Redis's {@code
   * REDIS_URL} and the test servers' {@code JWT_SECRET} in place of any of those it sets.
   */
  public Settings settings(Map<String, String> more) {
    Map<String, String> values = new HashMap<>(more);
    values.put("ROOM_TTL", "10s");
    values.put("REDIS_URL", redis.url());
    values.put("JWT_SECRET", DuetServer.SHARED_JWT_SECRET);
    return Settings.of(values);
  }

  /** A connection of its own with {@link #settings()}, closed after the test. */
  public RedisConnection connection() {
    return connection(settings());
  }

  /** A connection of its own with {@link #settings(Map) settings(more)}, closed after the test. */
  public RedisConnection connection(Map<String, String> more) {
    return connection(settings(more));
  }

  /**
   * A connection of its own with exactly {@code settings} (their {@code REDIS_URL} this Redis's
   * {@link #url()}), closed after the test.
   */
  public RedisConnection connection(Settings settings) {
    RedisConnection connection = RedisConnection.of(settings);
    connections.add(connection);
    return connection;
  }
}
