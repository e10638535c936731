package dev.duet.interfaces.websocket;

import dev.duet.application.Settings;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * Keeps connections honest: every {@code HEARTBEAT_INTERVAL} each open connection gets a WebSocket
 * ping (browsers answer with a pong on their own), and one from which nothing has arrived for
 * {@code CONNECTION_TIMEOUT} is dropped with close code 4408 and cleaned up like any disconnect.
 * The interval stays below the idle timeouts of common proxies.
 *
 * <p>Connections are spread over {@value #SLICES} slices, one slice pinged every {@code
 * HEARTBEAT_INTERVAL / SLICES}, so thousands of pings never go out in one burst that would delay
 * the signaling queued behind them; silence is checked for every connection at each of these ticks,
 * so a dead peer is gone within {@code CONNECTION_TIMEOUT + HEARTBEAT_INTERVAL / SLICES} (about 31
 * s by default).
 */
@ApplicationScoped
public class Heartbeat {
  private static final Logger LOG = Logger.getLogger(Heartbeat.class.getName());

  private static final int SLICES = 20;

  private final List<Set<DuetEndpoint>> slices =
      Stream.<Set<DuetEndpoint>>generate(ConcurrentHashMap::newKeySet).limit(SLICES).toList();
  private final AtomicInteger nextSlice = new AtomicInteger();
  private int beat;

  @Resource(lookup = "java:app/duet/scheduler")
  ManagedScheduledExecutorService scheduler;

  @Inject Settings settings;

  private ScheduledFuture<?> beats;

  void start(@Observes @Initialized(ApplicationScoped.class) Object event) {
    long period = Math.max(1, settings.heartbeatInterval().toMillis() / SLICES);
    beats = scheduler.scheduleWithFixedDelay(this::beat, period, period, TimeUnit.MILLISECONDS);
  }

  /** Every open connection. */
  List<DuetEndpoint> connections() {
    return slices.stream().flatMap(Set::stream).toList();
  }

  /** Adds a connection; returns its slice, to be given back to {@link #unregister}. */
  int register(DuetEndpoint connection) {
    int slice = Math.floorMod(nextSlice.getAndIncrement(), SLICES);
    slices.get(slice).add(connection);
    return slice;
  }

  void unregister(DuetEndpoint connection, int slice) {
    slices.get(slice).remove(connection);
  }

  private void beat() {
    long silentSince = System.nanoTime() - settings.connectionTimeout().toNanos();
    beat = (beat + 1) % SLICES;
    for (int slice = 0; slice < SLICES; slice++) {
      for (DuetEndpoint connection : slices.get(slice)) {
        beat(connection, silentSince, slice == beat);
      }
    }
  }

  private static void beat(DuetEndpoint connection, long silentSince, boolean ping) {
    try {
      connection.heartbeat(silentSince, ping);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Heartbeat failed for a connection", e);
    }
  }

  @PreDestroy
  void stop() {
    if (beats != null) {
      beats.cancel(false);
    }
  }
}
