package dev.duet.interfaces.http;

import dev.duet.application.ConnectionGate;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Readiness: Duet takes connections once it has started, and none while it drains for shutdown. */
@Readiness
@ApplicationScoped
public class DrainingCheck implements HealthCheck {

  @Inject ConnectionGate gate;

  @Override
  public HealthCheckResponse call() {
    return HealthCheckResponse.named("accepting-connections")
        .status(gate.hasStarted() && !gate.isDraining())
        .build();
  }
}
