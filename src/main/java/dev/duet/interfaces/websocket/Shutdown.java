package dev.duet.interfaces.websocket;

import dev.duet.application.ConnectionGate;
import dev.duet.application.settings.Settings;
import dev.duet.infrastructure.payara.PayaraShutdown;
import dev.duet.infrastructure.wildfly.WildFly;
import dev.duet.infrastructure.wildfly.WildFlySuspend;
import dev.duet.interfaces.http.HandshakeFilter;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Graceful shutdown, run before the container closes the WebSockets itself: when the server stops,
 * and when the application is undeployed ({@link HandshakeFilter#destroy()}, which the container
 * calls before the context listener that closes them), whichever comes first. When the server stops
 * depends on the runtime: on WildFly inside its graceful suspend ({@link WildFlySuspend}), which
 * waits for the drain before it suspends anything else; elsewhere (Payara Micro) from a JVM
 * shutdown hook.
 *
 * <p>The drain: from then on no new connection is accepted (HTTP 503) and readiness reports DOWN;
 * after {@code DRAIN_DELAY} (0 by default), for a load balancer to stop sending traffic, every
 * client gets {@code server_draining} and then close 1001, and the sessions, rooms and matches stay
 * persisted as they were. Waiting for the announcements to be sent is bounded by {@value
 * #FLUSH_MILLIS} ms in all.
 */
@ApplicationScoped
public class Shutdown {
  private static final Logger LOG = Logger.getLogger(Shutdown.class.getName());
  private static final long FLUSH_MILLIS = 2_000;

  @Inject ConnectionGate gate;
  @Inject Connections all;
  @Inject ServerFrames frames;
  @Inject Settings settings;

  private final Thread hook = new Thread(this::drain, "duet-shutdown");
  private AutoCloseable registration;

  void start(@Observes @Initialized(ApplicationScoped.class) Object event) {
    if (WildFly.present()) {
      registration = WildFlySuspend.register(this::drainInBackground);
      LOG.info("event=drain_hook on=wildfly-suspend");
      return;
    }
    registration = PayaraShutdown.register(this::drain).orElse(null);
    Runtime.getRuntime().addShutdownHook(hook);
    LOG.info(
        () ->
            "event=drain_hook on="
                + (registration == null ? "" : "payara-prepare-shutdown,")
                + "jvm-shutdown-hook");
  }

  @PreDestroy
  void stop() {
    if (registration != null) {
      try {
        registration.close();
      } catch (Exception e) {
        LOG.log(Level.FINE, "Unregistering the drain failed", e);
      }
      if (WildFly.present()) {
        return;
      }
    }
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException alreadyShuttingDown) {
      LOG.fine("JVM already shutting down");
    }
  }

  /**
   * Whether the server is going down: draining, or the JVM is shutting down, when a container may
   * close the connections itself before {@link #drain} has run.
   */
  static boolean stopping(ConnectionGate gate) {
    if (gate.isDraining()) {
      return true;
    }
    Thread probe = new Thread(() -> {});
    try {
      Runtime.getRuntime().addShutdownHook(probe);
      Runtime.getRuntime().removeShutdownHook(probe);
      return false;
    } catch (IllegalStateException shuttingDown) {
      return true;
    }
  }

  private CompletionStage<Void> drainInBackground() {
    return CompletableFuture.runAsync(this::drain, task -> new Thread(task, "duet-drain").start());
  }

  /** Drains; only the first call does anything, and a later one returns when it is done. */
  public synchronized void drain() {
    if (gate.isDraining()) {
      return;
    }
    gate.drain();
    Duration delay = settings.connections().drainDelay();
    if (!delay.isZero()) {
      LOG.info(() -> "event=drain_delay millis=" + delay.toMillis());
      pauseUntil(System.nanoTime() + delay.toNanos());
    }
    List<Connection> connections = all.all();
    LOG.info(() -> "event=draining connections=" + connections.size());
    connections.forEach(c -> c.reply(frames.serverDraining(c.participant().userId())));
    long deadline = System.nanoTime() + Duration.ofMillis(FLUSH_MILLIS).toNanos();
    while (System.nanoTime() - deadline < 0
        && !connections.stream().allMatch(Connection::flushed)) {
      LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
    }
    connections.forEach(Connection::closeForShutdown);
    LOG.info(() -> "event=drained connections=" + connections.size());
  }

  private static void pauseUntil(long deadline) {
    for (long left = deadline - System.nanoTime(); left > 0; left = deadline - System.nanoTime()) {
      LockSupport.parkNanos(left);
    }
  }
}
