package dev.duet.interfaces.http;

import dev.duet.application.ConnectionGate;
import dev.duet.application.Faults;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * Liveness: DOWN for good once a periodic task (clean-up, matching tick, heartbeat, lease, relay
 * subscription) has thrown an {@link Error}, such as an {@code OutOfMemoryError}; the tasks keep
 * running, but only a restart makes the server trustworthy again ({@link Faults}).
 */
@Liveness
@ApplicationScoped
public class PeriodicWorkCheck implements HealthCheck {

  @Inject ConnectionGate gate;
  @Inject Faults faults;

  @Override
  public HealthCheckResponse call() {
    return HealthAnswers.liveness(gate, "periodic-work", faults::fatal);
  }
}
