package dev.duet.interfaces.http;

import dev.duet.application.ConnectionGate;
import dev.duet.application.port.DatabaseProbe;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Readiness: Duet serves only while its database answers a real query. */
@Readiness
@ApplicationScoped
public class ReadinessCheck implements HealthCheck {

  @Inject ConnectionGate gate;
  @Inject DatabaseProbe database;

  @Override
  public HealthCheckResponse call() {
    return HealthAnswers.readiness(gate, "database", database::problem);
  }
}
