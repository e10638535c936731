package dev.duet.infrastructure.memory;

import dev.duet.application.port.ChurnCounts;
import dev.duet.domain.Churn;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import java.time.Instant;

/**
 * The churn of a single instance's networks ({@link Churn}); networks with nothing in the window
 * are forgotten every ten thousand events.
 */
@ApplicationScoped
@Typed(InMemoryChurnCounts.class)
public class InMemoryChurnCounts implements ChurnCounts {
  private static final int PRUNE_EVERY = 10_000;
  private final Churn churn = new Churn();
  private int sincePrune;

  @Override
  public synchronized long add(String network, long weight, Instant now) {
    if (++sincePrune >= PRUNE_EVERY) {
      sincePrune = 0;
      churn.prune(now);
    }
    return churn.add(network, weight, now);
  }
}
