package dev.duet.infrastructure.redis;

import dev.duet.application.PeerNotifier;
import dev.duet.application.Relay;
import dev.duet.application.SessionDirectory;
import dev.duet.application.SessionService;
import dev.duet.application.Settings;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The relay between the instances of a cluster, over Redis pub/sub: each instance listens on {@code
 * duet:relay:ID}, and a frame for a user another instance serves is published there, found through
 * the {@link SessionDirectory} (and remembered for 2 s: an instance a user has just left passes the
 * frame on, once, and a frame to a dead instance is routed again). All publishes of an instance go
 * over one connection, in call order, so frames from one sender to one receiver arrive in order.
 * Pub/sub delivers at most once: when nobody listens on the channel (the instance is dead) the
 * frame is buffered in {@code duet:held:USER}, at most {@code RESUME_BUFFER_MESSAGES} frames for
 * {@code RESUME_GRACE}, until an instance resumes the session and takes them.
 *
 * <p>Messages received run on a thread of the container's managed thread factory, one at a time and
 * in order, never on Lettuce's event loop: {@code F} delivers a frame, {@code R} the same re-sent
 * once by an instance the user had just left, {@code M} tells this instance that a session it
 * served moved.
 */
@ApplicationScoped
@Typed(RedisRelay.class)
public class RedisRelay implements Relay {
  private static final Logger LOG = Logger.getLogger(RedisRelay.class.getName());
  private static final RedisScript HOLD = RedisScript.load("relay-hold.lua");
  private static final RedisScript TAKE = RedisScript.load("relay-take.lua");
  private static final long SUBSCRIBE_RETRY_MILLIS = 1_000;
  private static final long ROUTE_NANOS = Duration.ofSeconds(2).toNanos();
  private static final int MAX_ROUTES = 100_000;

  @Inject RedisConnection redis;
  @Inject Settings settings;
  @Inject SessionDirectory directory;
  @Inject PeerNotifier notifier;
  @Inject SessionService sessions;

  @Resource(lookup = "java:app/duet/scheduler")
  ManagedScheduledExecutorService executor;

  @Resource ManagedThreadFactory threads;

  private final ConcurrentMap<String, Route> routes = new ConcurrentHashMap<>();
  private volatile boolean subscribed;
  private ScheduledFuture<?> subscribing;
  private ExecutorService inbox;

  void start(@Observes @Initialized(ApplicationScoped.class) Object event) {
    if (settings.clustered()) {
      inbox = Executors.newSingleThreadExecutor(threads);
      subscribing =
          executor.scheduleWithFixedDelay(
              this::subscribe, 0, SUBSCRIBE_RETRY_MILLIS, TimeUnit.MILLISECONDS);
    }
  }

  private void subscribe() {
    if (subscribed) {
      return;
    }
    try {
      redis.subscribe(
          channel(settings.instanceId()),
          new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, String message) {
              receive(message);
            }
          });
      subscribed = true;
      LOG.info("Relay listening on " + channel(settings.instanceId()));
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, "Relay not subscribed yet", e);
    }
  }

  @PreDestroy
  void stop() {
    if (subscribing != null) {
      subscribing.cancel(false);
      inbox.shutdown();
    }
  }

  private static String channel(String instance) {
    return "duet:relay:" + instance;
  }

  @Override
  public void forward(String userId, String frame) {
    Route route = routes.get(userId);
    if (route != null && route.until() - System.nanoTime() > 0) {
      publish(userId, route.instance(), frame, 'F', true);
    } else {
      send(userId, frame, 'F');
    }
  }

  /**
   * Where a user's session was served when this instance last looked, and until when to trust it.
   */
  private record Route(String instance, long until) {}

  private void send(String userId, String frame, char kind) {
    String instance = directory.find(userId).map(SessionDirectory.Entry::instance).orElse(null);
    if (instance == null || instance.equals(settings.instanceId())) {
      routes.remove(userId);
      return;
    }
    if (routes.size() >= MAX_ROUTES) {
      routes.clear();
    }
    routes.put(userId, new Route(instance, System.nanoTime() + ROUTE_NANOS));
    publish(userId, instance, frame, kind, false);
  }

  private void publish(String userId, String instance, String frame, char kind, boolean cached) {
    redis
        .async()
        .publish(channel(instance), kind + userId + "\n" + frame)
        .thenAccept(
            receivers -> {
              if (receivers > 0) {
                return;
              }
              if (cached) {
                routes.remove(userId);
                inbox.execute(() -> send(userId, frame, kind));
              } else {
                hold(userId, frame);
              }
            });
  }

  private void hold(String userId, String frame) {
    HOLD.runAsync(
        redis.async(),
        ScriptOutputType.INTEGER,
        userId,
        frame,
        Integer.toString(settings.resumeBufferMessages()),
        Long.toString(Math.max(1, settings.resumeGrace().toMillis())));
  }

  @Override
  public void arrived(String userId, String sessionId, String previous) {
    if (!previous.equals(settings.instanceId())) {
      redis.async().publish(channel(previous), "M" + userId + "\n" + sessionId);
    }
    List<String> frames = TAKE.run(redis.commands(), ScriptOutputType.MULTI, userId);
    for (String frame : frames) {
      notifier.deliver(userId, frame);
    }
  }

  private void receive(String message) {
    try {
      inbox.execute(() -> handle(message));
    } catch (RejectedExecutionException e) {
      LOG.fine("Relay stopped: a message was dropped");
    }
  }

  private void handle(String message) {
    int newline = message.indexOf('\n');
    if (newline < 1) {
      return;
    }
    char kind = message.charAt(0);
    String userId = message.substring(1, newline);
    String rest = message.substring(newline + 1);
    try {
      switch (kind) {
        case 'F', 'R' -> {
          if (!notifier.deliver(userId, rest) && kind == 'F') {
            send(userId, rest, 'R');
          }
        }
        case 'M' -> sessions.movedAway(userId, rest);
        default -> LOG.fine("Unknown relay message kind " + kind);
      }
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Relay message for " + userId + " failed", e);
    }
  }
}
