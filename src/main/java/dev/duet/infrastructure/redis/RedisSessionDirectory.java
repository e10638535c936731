package dev.duet.infrastructure.redis;

import dev.duet.application.port.SessionDirectory;
import dev.duet.application.settings.Settings;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.sync.RedisCommands;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * The session directory of a cluster, in Redis: {@code duet:session:USER} holds the session id, the
 * token hash and the instance serving it (expiring after {@code SESSION_TTL}), {@code
 * duet:instance:ID:users} the users each instance serves, {@code duet:instances} the instances, and
 * {@code duet:lease:ID} each instance's lease, renewed every second for {@value #LEASE_SECONDS} s.
 * Instances are checked for a lapsed lease at most once a second. Claims, take-overs, releases and
 * the adoption of a dead instance's sessions are one Lua script each.
 */
@ApplicationScoped
@Typed(RedisSessionDirectory.class)
public class RedisSessionDirectory implements SessionDirectory {
  private static final Logger LOG = Logger.getLogger(RedisSessionDirectory.class.getName());
  static final int LEASE_SECONDS = 10;
  private static final long CHECK_NANOS = Duration.ofSeconds(1).toNanos();
  private static final RedisScript CLAIM = RedisScript.load("session-claim.lua");
  private static final RedisScript TAKE_OVER = RedisScript.load("session-takeover.lua");
  private static final RedisScript RELEASE = RedisScript.load("session-release.lua");
  private static final RedisScript ADOPT = RedisScript.load("session-adopt.lua");

  @Inject RedisConnection redis;
  @Inject Settings settings;

  /** One over this connection, outside a container. */
  public static RedisSessionDirectory of(RedisConnection redis, Settings settings) {
    RedisSessionDirectory made = new RedisSessionDirectory();
    made.redis = redis;
    made.settings = settings;
    return made;
  }

  private long checkedAt = System.nanoTime() - CHECK_NANOS;

  @Override
  public boolean claim(String userId, String sessionId, String tokenHash) {
    Long claimed =
        CLAIM.run(
            redis.commands(),
            ScriptOutputType.INTEGER,
            userId,
            sessionId,
            tokenHash,
            settings.cluster().instanceId(),
            Long.toString(settings.sessions().sessionTtl().toMillis()));
    return claimed == 1;
  }

  @Override
  public Optional<Entry> find(String userId) {
    Map<String, String> fields = redis.commands().hgetall("duet:session:" + userId);
    if (fields == null || !fields.containsKey("sid") || !fields.containsKey("inst")) {
      return Optional.empty();
    }
    return Optional.of(
        new Entry(userId, fields.get("sid"), fields.get("hash"), fields.get("inst")));
  }

  @Override
  public Optional<String> takeOver(String userId, String sessionId) {
    String previous =
        TAKE_OVER.run(
            redis.commands(),
            ScriptOutputType.VALUE,
            userId,
            sessionId,
            settings.cluster().instanceId());
    return Optional.ofNullable(previous);
  }

  @Override
  public void release(String userId, String sessionId) {
    RELEASE.run(redis.commands(), ScriptOutputType.INTEGER, userId, sessionId);
  }

  /** A planned stop gives up the lease, so a live instance adopts this one's sessions at once. */
  @PreDestroy
  void giveUpLease() {
    try {
      redis.commands().del("duet:lease:" + settings.cluster().instanceId());
    } catch (RuntimeException e) {
      LOG.fine("Could not give up the lease: " + e);
    }
  }

  @Override
  public boolean renewLease() {
    String self = settings.cluster().instanceId();
    RedisCommands<String, String> commands = redis.commands();
    commands.set("duet:lease:" + self, "1", SetArgs.Builder.ex(LEASE_SECONDS));
    return commands.sadd("duet:instances", self) == 1;
  }

  @Override
  public synchronized List<Entry> adoptOrphans() {
    long now = System.nanoTime();
    if (now - checkedAt < CHECK_NANOS) {
      return List.of();
    }
    checkedAt = now;
    String self = settings.cluster().instanceId();
    RedisCommands<String, String> commands = redis.commands();
    List<Entry> adopted = new ArrayList<>();
    for (String instance : commands.smembers("duet:instances")) {
      if (instance.equals(self) || commands.exists("duet:lease:" + instance) == 1) {
        continue;
      }
      List<Object> moved = ADOPT.run(commands, ScriptOutputType.MULTI, instance, self);
      for (int i = 0; i + 2 < moved.size(); i += 3) {
        adopted.add(
            new Entry(
                String.valueOf(moved.get(i)),
                String.valueOf(moved.get(i + 1)),
                String.valueOf(moved.get(i + 2)),
                self));
      }
      LOG.warning(
          "Instance "
              + instance
              + " stopped renewing its lease: adopted its "
              + moved.size() / 3
              + " sessions");
    }
    return adopted;
  }
}
