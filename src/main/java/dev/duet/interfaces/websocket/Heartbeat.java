package dev.duet.interfaces.websocket;

import dev.duet.application.Faults;
import dev.duet.application.settings.Settings;
import dev.duet.domain.Silence;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps connections honest: every {@code HEARTBEAT_INTERVAL} each open connection gets a WebSocket
 * ping (browsers answer with a pong on their own), and one from which nothing has arrived for
 * {@code CONNECTION_TIMEOUT} is dropped with close code 4408 and cleaned up like any disconnect.
 * The interval stays below the idle timeouts of common proxies.
 *
 * <p>{@link Connections} are spread over {@value #SLICES} slices, one slice pinged every {@code
 * HEARTBEAT_INTERVAL / SLICES}, so thousands of pings never go out in one burst that would delay
 * the signaling queued behind them; silence is checked for every connection at each of these ticks,
 * so a dead peer is gone within {@code CONNECTION_TIMEOUT + HEARTBEAT_INTERVAL / SLICES} (about 31
 * s by default). After the heartbeat itself stalled, nobody is dropped until it has pinged for a
 * full {@code CONNECTION_TIMEOUT} again ({@link Silence}).
 */
@ApplicationScoped
public class Heartbeat {
  private static final Logger LOG = Logger.getLogger(Heartbeat.class.getName());

  private static final int SLICES = Connections.SLICES;

  private int beat;
  private Silence silence;

  @Resource(lookup = "java:app/duet/scheduler")
  ManagedScheduledExecutorService scheduler;

  @Inject Settings settings;
  @Inject Connections connections;
  @Inject Faults faults;

  private ScheduledFuture<?> beats;

  void start(@Observes @Initialized(ApplicationScoped.class) Object event) {
    long period = Math.max(1, settings.connections().heartbeatInterval().toMillis() / SLICES);
    silence =
        new Silence(
            settings.connections().heartbeatInterval(),
            settings.connections().connectionTimeout(),
            Duration.ofMillis(period),
            System.nanoTime());
    beats =
        scheduler.scheduleWithFixedDelay(
            faults.guard("heartbeat", this::beat), period, period, TimeUnit.MILLISECONDS);
  }

  private void beat() {
    OptionalLong silentSince = silence.beat(System.nanoTime());
    beat = (beat + 1) % SLICES;
    for (int slice = 0; slice < SLICES; slice++) {
      for (Connection connection : connections.slice(slice)) {
        beat(connection, silentSince, slice == beat);
      }
    }
  }

  private static void beat(Connection connection, OptionalLong silentSince, boolean ping) {
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
