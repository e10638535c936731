package dev.duet.infrastructure.redis;

import dev.duet.application.port.ChurnCounts;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The churn of a cluster's networks: one counter per network and minute ({@code churn-add.lua}).
 * Without Redis the count is 0 (the base work): the gate still holds, only its difficulty does not
 * rise.
 */
@ApplicationScoped
@Typed(RedisChurnCounts.class)
public class RedisChurnCounts implements ChurnCounts {
  private static final Logger LOG = Logger.getLogger(RedisChurnCounts.class.getName());
  private static final RedisScript ADD = RedisScript.load("churn-add.lua");

  @Inject RedisConnection redis;

  /** Counts on this connection, outside a container (tests). */
  public static RedisChurnCounts of(RedisConnection redis) {
    RedisChurnCounts counts = new RedisChurnCounts();
    counts.redis = redis;
    return counts;
  }

  @Override
  public long add(String network, long weight, Instant now) {
    try {
      Long count =
          ADD.run(
              redis.commands(),
              ScriptOutputType.INTEGER,
              network,
              Long.toString(weight),
              Long.toString(now.toEpochMilli()));
      return count;
    } catch (RedisException e) {
      LOG.log(Level.FINE, "The churn could not be counted; the base work is asked", e);
      return 0;
    }
  }
}
