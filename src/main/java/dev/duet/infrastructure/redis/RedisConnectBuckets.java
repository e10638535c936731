package dev.duet.infrastructure.redis;

import dev.duet.application.port.ConnectBuckets;
import dev.duet.application.settings.Settings;
import dev.duet.domain.RateBook;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The handshake buckets of a cluster: one hash per address ({@code duet:connect:ADDRESS}, tokens
 * and the time they were counted), taken by one script ({@code connect-take.lua}, atomic across the
 * instances) and expiring once it would be full again.
 */
@ApplicationScoped
@Typed(RedisConnectBuckets.class)
public class RedisConnectBuckets implements ConnectBuckets {
  private static final Logger LOG = Logger.getLogger(RedisConnectBuckets.class.getName());
  private static final RedisScript TAKE = RedisScript.load("connect-take.lua");

  @Inject RedisConnection redis;
  @Inject Settings settings;

  /** Buckets on this connection, outside a container (tests). */
  public static RedisConnectBuckets of(RedisConnection redis, Settings settings) {
    RedisConnectBuckets buckets = new RedisConnectBuckets();
    buckets.redis = redis;
    buckets.settings = settings;
    return buckets;
  }

  @Override
  public boolean take(String address, long nowMillis) {
    RateBook.Limit limit = settings.rateLimits().connectLimit();
    if (limit.unlimited()) {
      return true;
    }
    try {
      Long taken =
          TAKE.run(
              redis.commands(),
              ScriptOutputType.INTEGER,
              address,
              Integer.toString(limit.perMinute()),
              Integer.toString(limit.burst()),
              Long.toString(nowMillis));
      return taken == 1;
    } catch (RedisException e) {
      LOG.log(Level.FINE, "The handshake bucket could not be read; the handshake goes on", e);
      return true;
    }
  }
}
