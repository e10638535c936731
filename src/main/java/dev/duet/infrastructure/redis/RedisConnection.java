package dev.duet.infrastructure.redis;

import dev.duet.application.port.ClusterProbe;
import dev.duet.application.settings.Settings;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.pubsub.RedisPubSubListener;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * The connections of a clustered instance to the Redis at {@code REDIS_URL}: one shared connection
 * for commands and scripts, and one for pub/sub. Both are opened on first use, and again on the
 * next use 2 s after a failure; once open, Lettuce reconnects them by itself after Redis restarts
 * and subscribes again. Commands fail after {@value #TIMEOUT_SECONDS} s, and at once while Redis is
 * unreachable, so no caller waits long.
 */
@ApplicationScoped
public class RedisConnection implements ClusterProbe {
  private static final Logger LOG = Logger.getLogger(RedisConnection.class.getName());
  private static final int TIMEOUT_SECONDS = 2;
  private static final long RETRY_MILLIS = 2_000;

  @Inject Settings settings;

  private RedisClient client;
  private volatile StatefulRedisConnection<String, String> connection;
  private StatefulRedisPubSubConnection<String, String> pubSub;
  private long lastAttempt;

  /** A connection for these settings, outside a container; the caller closes it. */
  public static RedisConnection of(Settings settings) {
    RedisConnection connection = new RedisConnection();
    connection.settings = settings;
    return connection;
  }

  /** The shared command connection, synchronous; never call it on a Lettuce event-loop thread. */
  public RedisCommands<String, String> commands() {
    return open().sync();
  }

  /** The shared command connection, asynchronous: safe on any thread, event loops included. */
  public RedisAsyncCommands<String, String> async() {
    return open().async();
  }

  private StatefulRedisConnection<String, String> open() {
    StatefulRedisConnection<String, String> open = connection;
    return open != null ? open : connect();
  }

  private synchronized StatefulRedisConnection<String, String> connect() {
    if (connection != null) {
      return connection;
    }
    String url =
        settings
            .cluster()
            .redisUrl()
            .orElseThrow(() -> new IllegalStateException("REDIS_URL is not set: not clustered"));
    long now = System.currentTimeMillis();
    if (now - lastAttempt < RETRY_MILLIS) {
      throw new IllegalStateException("Redis at " + url + " is not reachable");
    }
    lastAttempt = now;
    if (client == null) {
      RedisURI uri = RedisURI.create(url);
      uri.setTimeout(Duration.ofSeconds(TIMEOUT_SECONDS));
      client = RedisClient.create(uri);
      client.setOptions(
          ClientOptions.builder()
              .autoReconnect(true)
              .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
              .timeoutOptions(TimeoutOptions.enabled(Duration.ofSeconds(TIMEOUT_SECONDS)))
              .build());
    }
    connection = client.connect();
    LOG.info("Connected to Redis at " + url);
    return connection;
  }

  /**
   * Subscribes {@code listener} to {@code channel} on the pub/sub connection. The listener is
   * called on a Lettuce event-loop thread and must hand work off at once.
   */
  public synchronized void subscribe(String channel, RedisPubSubListener<String, String> listener) {
    open();
    if (pubSub == null) {
      pubSub = client.connectPubSub();
    }
    pubSub.addListener(listener);
    pubSub.sync().subscribe(channel);
  }

  /** Why Redis cannot be used now, or empty when it answers a {@code PING}. */
  @Override
  public Optional<String> problem() {
    if (!settings.cluster().clustered()) {
      return Optional.empty();
    }
    try {
      commands().ping();
      return Optional.empty();
    } catch (RuntimeException e) {
      return Optional.of(
          "Redis at "
              + settings.cluster().redisUrl().orElseThrow()
              + " does not answer: "
              + e.getMessage());
    }
  }

  @PreDestroy
  public synchronized void close() {
    if (pubSub != null) {
      pubSub.close();
    }
    if (connection != null) {
      connection.close();
    }
    if (client != null) {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
  }
}
