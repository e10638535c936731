package dev.duet.interfaces.http;

import dev.duet.application.ConnectionGate;
import dev.duet.application.port.ClusterProbe;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Readiness of a clustered instance: it serves only while the Redis the cluster shares answers. */
@Readiness
@ApplicationScoped
public class ClusterReadinessCheck implements HealthCheck {

  @Inject ConnectionGate gate;
  @Inject ClusterProbe cluster;

  @Override
  public HealthCheckResponse call() {
    return HealthAnswers.readiness(gate, "redis", cluster::problem);
  }
}
