package dev.duet.interfaces.websocket;

import dev.duet.application.Settings;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps connections honest: every {@code HEARTBEAT_INTERVAL} each open connection gets a WebSocket
 * ping (browsers answer with a pong on their own), and one from which nothing has arrived for
 * {@code CONNECTION_TIMEOUT} is dropped with close code 4408 and cleaned up like any disconnect. A
 * dead peer is therefore gone within {@code CONNECTION_TIMEOUT + HEARTBEAT_INTERVAL}; the interval
 * also stays below the idle timeouts of common proxies.
 */
@ApplicationScoped
public class Heartbeat {
  private static final Logger LOG = Logger.getLogger(Heartbeat.class.getName());

  private final Set<DuetEndpoint> connections = ConcurrentHashMap.newKeySet();

  @Resource(lookup = "java:app/duet/scheduler")
  ManagedScheduledExecutorService scheduler;

  @Inject Settings settings;

  private ScheduledFuture<?> beats;

  void start(@Observes @Initialized(ApplicationScoped.class) Object event) {
    long period = settings.heartbeatInterval().toMillis();
    beats = scheduler.scheduleWithFixedDelay(this::beat, period, period, TimeUnit.MILLISECONDS);
  }

  void register(DuetEndpoint connection) {
    connections.add(connection);
  }

  void unregister(DuetEndpoint connection) {
    connections.remove(connection);
  }

  private void beat() {
    long silentSince = System.nanoTime() - settings.connectionTimeout().toNanos();
    for (DuetEndpoint connection : connections) {
      try {
        connection.heartbeat(silentSince);
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "Heartbeat failed for a connection", e);
      }
    }
  }

  @PreDestroy
  void stop() {
    if (beats != null) {
      beats.cancel(false);
    }
  }
}
