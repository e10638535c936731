package dev.duet.interfaces.http;

import dev.duet.application.ConnectionGate;
import dev.duet.application.Housekeeping;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * Liveness: DOWN only when Duet is stuck and a restart would help, that is when the matchmaker has
 * not completed a run for {@code LIVENESS_TIMEOUT} while users wait for a match.
 */
@Liveness
@ApplicationScoped
public class LivenessCheck implements HealthCheck {

  @Inject ConnectionGate gate;
  @Inject Housekeeping housekeeping;

  @Override
  public HealthCheckResponse call() {
    return HealthAnswers.liveness(gate, "matchmaker", housekeeping::matchmakerStuck);
  }
}
