package dev.duet.interfaces.websocket;

import dev.duet.application.ConnectionGate;
import dev.duet.interfaces.http.HandshakeFilter;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Logger;

/**
 * Graceful shutdown, run when the JVM is asked to stop (SIGTERM) and when the application is
 * undeployed ({@link HandshakeFilter#destroy()}), whichever comes first. Both come before the
 * container closes the WebSockets itself: on undeploy it does so in a context listener, which runs
 * after the filters are destroyed; on SIGTERM WildFly suspends the server, which closes them from
 * its own shutdown hook, started together with this one, so there the drain races the container and
 * a client may get only the 1001. From then on no new connection is accepted (readiness reports
 * DOWN), every client gets {@code server_draining} and then close 1001, and the sessions, rooms and
 * matches stay persisted as they were. Waiting for the announcements to be sent is bounded by
 * {@value #FLUSH_MILLIS} ms in all.
 */
@ApplicationScoped
public class Shutdown {
  private static final Logger LOG = Logger.getLogger(Shutdown.class.getName());
  private static final long FLUSH_MILLIS = 2_000;

  @Inject ConnectionGate gate;
  @Inject Heartbeat heartbeat;

  private final Thread hook = new Thread(this::drain, "duet-shutdown");

  void start(@Observes @Initialized(ApplicationScoped.class) Object event) {
    Runtime.getRuntime().addShutdownHook(hook);
  }

  @PreDestroy
  void stop() {
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

  /** Drains; only the first call does anything. */
  public synchronized void drain() {
    if (gate.isDraining()) {
      return;
    }
    gate.drain();
    List<DuetEndpoint> connections = heartbeat.connections();
    LOG.info(() -> "event=draining connections=" + connections.size());
    connections.forEach(DuetEndpoint::announceShutdown);
    long deadline = System.nanoTime() + Duration.ofMillis(FLUSH_MILLIS).toNanos();
    while (System.nanoTime() - deadline < 0
        && !connections.stream().allMatch(DuetEndpoint::flushed)) {
      LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
    }
    connections.forEach(DuetEndpoint::closeForShutdown);
  }
}
