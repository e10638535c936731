package dev.duet.application.port;

import java.time.Instant;

/**
 * Port: how busy each network has been lately, with the rule of the domain {@code Churn}, counted
 * across every instance of a cluster (Redis) or in memory.
 */
public interface ChurnCounts {

  /** Counts {@code weight} events of {@code network} at {@code now}; returns its count then. */
  long add(String network, long weight, Instant now);
}
