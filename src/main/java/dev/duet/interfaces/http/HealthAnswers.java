package dev.duet.interfaces.http;

import dev.duet.application.ConnectionGate;
import java.util.Optional;
import java.util.function.Supplier;
import org.eclipse.microprofile.health.HealthCheckResponse;

/**
 * A health check's answer from what its probe finds wrong: UP when nothing, DOWN with the reason
 * otherwise. Until the application has {@linkplain ConnectionGate#hasStarted started}, the probe is
 * not asked (Payara Micro serves {@code /health} that early, where asking would fail with an HTTP
 * 500): not ready, and alive, with the reason {@value #STARTING}.
 */
final class HealthAnswers {
  static final String STARTING = "starting";

  private HealthAnswers() {}

  /** Readiness: DOWN while the probe finds a problem, and until the application has started. */
  static HealthCheckResponse readiness(
      ConnectionGate gate, String name, Supplier<Optional<String>> problem) {
    return answer(gate, name, problem, false);
  }

  /** Liveness: DOWN while the probe finds a problem; UP until the application has started. */
  static HealthCheckResponse liveness(
      ConnectionGate gate, String name, Supplier<Optional<String>> problem) {
    return answer(gate, name, problem, true);
  }

  private static HealthCheckResponse answer(
      ConnectionGate gate, String name, Supplier<Optional<String>> problem, boolean starting) {
    if (!gate.hasStarted()) {
      return HealthCheckResponse.named(name).status(starting).withData("reason", STARTING).build();
    }
    return problem
        .get()
        .map(reason -> HealthCheckResponse.named(name).down().withData("reason", reason).build())
        .orElseGet(() -> HealthCheckResponse.named(name).up().build());
  }
}
