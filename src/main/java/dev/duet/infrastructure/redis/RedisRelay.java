package dev.duet.infrastructure.redis;

import dev.duet.application.Faults;
import dev.duet.application.MatchService;
import dev.duet.application.SessionHandover;
import dev.duet.application.port.PeerNotifier;
import dev.duet.application.port.Relay;
import dev.duet.application.port.SessionDirectory;
import dev.duet.application.settings.Settings;
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
 * frame is buffered in {@code duet:held:USER}, at most {@code RESUME_BUFFER_MESSAGES} frames for as
 * long as the session can be resumed ({@code RESUME_GRACE} after the dead instance's lease), until
 * an instance resumes the session and takes them.
 *
 * <p>Messages received run on a thread of the container's managed thread factory, one at a time and
 * in order, never on Lettuce's event loop: {@code F} delivers a frame, {@code E} a frame of the
 * user's random matching with its match and sequence number (through {@link
 * MatchService#deliverMatchEvent}), {@code R} and {@code S} the same re-sent once by an instance
 * the user had just left, {@code M} tells this instance that a session it served moved.
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
  @Inject SessionHandover handover;
  @Inject MatchService matches;
  @Inject Faults faults;

  @Resource(lookup = "java:app/duet/scheduler")
  ManagedScheduledExecutorService executor;

  @Resource ManagedThreadFactory threads;

  private final ConcurrentMap<String, Route> routes = new ConcurrentHashMap<>();
  private volatile boolean subscribed;
  private ScheduledFuture<?> subscribing;
  private ExecutorService inbox;

  void start(@Observes @Initialized(ApplicationScoped.class) Object event) {
    if (settings.cluster().clustered()) {
      inbox = Executors.newSingleThreadExecutor(threads);
      subscribing =
          executor.scheduleWithFixedDelay(
              faults.guard("relay subscription", this::subscribe),
              0,
              SUBSCRIBE_RETRY_MILLIS,
              TimeUnit.MILLISECONDS);
    }
  }

  private void subscribe() {
    if (subscribed) {
      return;
    }
    try {
      redis.subscribe(
          channel(settings.cluster().instanceId()),
          new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, String message) {
              receive(message);
            }
          });
      subscribed = true;
      LOG.info("Relay listening on " + channel(settings.cluster().instanceId()));
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
  public void forward(String userId, String frame, MatchEvent event) {
    char kind = event == null ? 'F' : 'E';
    String body =
        event == null
            ? frame
            : (event.started() ? "+" : "-")
                + (event.matchId() == null ? "" : event.matchId())
                + " "
                + event.seq()
                + "\n"
                + frame;
    Route route = routes.get(userId);
    if (route != null && route.until() - System.nanoTime() > 0) {
      publish(userId, route.instance(), body, kind, true);
    } else {
      send(userId, body, kind);
    }
  }

  /**
   * Where a user's session was served when this instance last looked, and until when to trust it.
   */
  private record Route(String instance, long until) {}

  /**
   * Routes a message {@code body} of this {@code kind} through the directory. A user without a
   * session gets nothing; one whose session is this instance's but has no mailbox here yet (being
   * adopted or taken over at this moment) gets the frame buffered, as when its instance is dead.
   */
  private void send(String userId, String body, char kind) {
    String instance = directory.find(userId).map(SessionDirectory.Entry::instance).orElse(null);
    if (instance == null) {
      routes.remove(userId);
      return;
    }
    if (instance.equals(settings.cluster().instanceId())) {
      routes.remove(userId);
      hold(userId, frameOf(body, kind));
      return;
    }
    if (routes.size() >= MAX_ROUTES) {
      routes.clear();
    }
    routes.put(userId, new Route(instance, System.nanoTime() + ROUTE_NANOS));
    publish(userId, instance, body, kind, false);
  }

  /** The frame a message body carries: a match event's body starts with its match. */
  private static String frameOf(String body, char kind) {
    return kind == 'F' || kind == 'R' ? body : body.substring(body.indexOf('\n') + 1);
  }

  /**
   * Publishes a message {@code body} of this {@code kind}; if nobody listens there, routes it again
   * when the route was remembered, else buffers its frame for the user.
   */
  private void publish(String userId, String instance, String body, char kind, boolean cached) {
    redis
        .async()
        .publish(channel(instance), kind + userId + "\n" + body)
        .thenAccept(
            receivers -> {
              if (receivers > 0) {
                return;
              }
              if (cached) {
                routes.remove(userId);
                inbox.execute(() -> send(userId, body, kind));
              } else {
                hold(userId, frameOf(body, kind));
              }
            });
  }

  private void hold(String userId, String frame) {
    HOLD.runAsync(
        redis.async(),
        ScriptOutputType.INTEGER,
        userId,
        frame,
        Integer.toString(settings.sessions().resumeBufferMessages()),
        Long.toString(heldMillis()));
  }

  /**
   * How long frames for a user of a dead instance are kept: the session stays resumable until the
   * dead instance's lease runs out and, from its adoption, for {@code RESUME_GRACE} more.
   */
  private long heldMillis() {
    return settings.sessions().resumeGrace().toMillis()
        + Duration.ofSeconds(RedisSessionDirectory.LEASE_SECONDS).toMillis();
  }

  @Override
  public void arrived(String userId, String sessionId, String previous) {
    if (!previous.equals(settings.cluster().instanceId())) {
      redis.async().publish(channel(previous), "M" + userId + "\n" + sessionId);
    }
    List<String> frames = TAKE.run(redis.commands(), ScriptOutputType.MULTI, userId);
    for (String frame : frames) {
      notifier.deliver(userId, frame, null);
    }
  }

  private void receive(String message) {
    try {
      inbox.execute(() -> handle(message));
    } catch (RejectedExecutionException e) {
      LOG.fine("Relay stopped: a message was dropped");
    }
  }

  /**
   * Delivers a frame to a user of this instance; to one that has just moved on, its message {@code
   * body} is sent on once more, as {@code again} (0: not again).
   */
  private void deliver(String userId, String frame, MatchEvent event, String body, char again) {
    if (!notifier.deliver(userId, frame, event) && again != 0) {
      send(userId, body, again);
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
        case 'F', 'R' -> deliver(userId, rest, null, rest, kind == 'F' ? 'R' : 0);
        case 'E', 'S' -> {
          int end = rest.indexOf('\n');
          String frame = rest.substring(end + 1);
          int space = rest.lastIndexOf(' ', end);
          String matchId = rest.substring(1, space);
          MatchEvent event =
              new MatchEvent(
                  matchId.isEmpty() ? null : matchId,
                  rest.charAt(0) == '+',
                  Long.parseLong(rest.substring(space + 1, end)));
          matches.deliverMatchEvent(
              () -> deliver(userId, frame, event, rest, kind == 'E' ? 'S' : 0));
        }
        case 'M' -> handover.movedAway(userId, rest);
        default -> LOG.fine("Unknown relay message kind " + kind);
      }
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Relay message for " + userId + " failed", e);
    }
  }
}
