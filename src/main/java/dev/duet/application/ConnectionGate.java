package dev.duet.application;

import dev.duet.application.settings.Settings;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Who may connect: at most {@code MAX_CONNECTIONS} connections in all and {@code
 * MAX_CONNECTIONS_PER_IP} from one client address, and nobody once the server is draining for
 * shutdown. The handshake is checked with {@link #refusal} before anything is created; a connection
 * then takes its place with {@link #enter}, which decides atomically (two handshakes may pass the
 * check together), and gives it back with {@link #leave}. It also knows when the application has
 * {@linkplain #hasStarted started}: its start-up observer runs after every other one.
 */
@ApplicationScoped
public class ConnectionGate {
  private final AtomicInteger open = new AtomicInteger();
  private final ConcurrentMap<String, Integer> byAddress = new ConcurrentHashMap<>();
  private volatile boolean draining;
  private volatile boolean started;

  @Inject Settings settings;

  /** Why a connection is turned away. */
  public enum Refusal {
    /** The server is shutting down: HTTP 503. */
    DRAINING("server is shutting down"),
    /** {@code MAX_CONNECTIONS} reached: HTTP 503. */
    FULL("server is full"),
    /** {@code MAX_CONNECTIONS_PER_IP} reached: HTTP 429, or close 4429 once open. */
    TOO_MANY_FROM_ADDRESS("too many connections from your address");

    private final String reason;

    Refusal(String reason) {
      this.reason = reason;
    }

    public String reason() {
      return reason;
    }
  }

  /** Every other start-up observer has run: the database is open, the periodic work scheduled. */
  void started(
      @Observes @Priority(Interceptor.Priority.PLATFORM_AFTER) @Initialized(ApplicationScoped.class)
          Object event) {
    started = true;
  }

  /**
   * Whether the application has started. Payara Micro answers {@code /health} before that, on a
   * thread without the application's naming context, where creating a bean that looks up a resource
   * fails; so until then the health checks ask nothing else.
   */
  public boolean hasStarted() {
    return started;
  }

  /** Whether a connection from this address would be refused now, and why. */
  public Optional<Refusal> refusal(String address) {
    if (draining) {
      return Optional.of(Refusal.DRAINING);
    }
    if (open.get() >= settings.connections().maxConnections()) {
      return Optional.of(Refusal.FULL);
    }
    int limit = settings.connections().maxConnectionsPerIp();
    if (limit > 0 && byAddress.getOrDefault(address, 0) >= limit) {
      return Optional.of(Refusal.TOO_MANY_FROM_ADDRESS);
    }
    return Optional.empty();
  }

  /** Takes a place for a connection from this address, or says why there is none. */
  public Optional<Refusal> enter(String address) {
    if (draining) {
      return Optional.of(Refusal.DRAINING);
    }
    if (open.incrementAndGet() > settings.connections().maxConnections()) {
      open.decrementAndGet();
      return Optional.of(Refusal.FULL);
    }
    int limit = settings.connections().maxConnectionsPerIp();
    boolean[] admitted = {true};
    byAddress.compute(
        address,
        (key, count) -> {
          int current = count == null ? 0 : count;
          if (limit > 0 && current >= limit) {
            admitted[0] = false;
            return count;
          }
          return current + 1;
        });
    if (!admitted[0]) {
      open.decrementAndGet();
      return Optional.of(Refusal.TOO_MANY_FROM_ADDRESS);
    }
    return Optional.empty();
  }

  /** Gives back the place taken by {@link #enter}. */
  public void leave(String address) {
    open.decrementAndGet();
    byAddress.computeIfPresent(address, (key, count) -> count <= 1 ? null : count - 1);
  }

  /** From now on every connection is refused; readiness reports DOWN. */
  public void drain() {
    draining = true;
  }

  /** How many connections hold a place now. */
  public int open() {
    return open.get();
  }

  public boolean isDraining() {
    return draining;
  }
}
