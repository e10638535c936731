package dev.duet.application.port;

import java.util.Optional;

/**
 * Port: whether the state instances of a cluster share (Redis) can be used right now. A single
 * instance shares nothing and is never held back by it.
 */
public interface ClusterProbe {

  /** Empty when the shared state answers, or when there is none; otherwise why it does not. */
  Optional<String> problem();
}
