package dev.duet.infrastructure.memory;

import dev.duet.application.port.Relay;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;

/**
 * The relay of a single instance: every session is served here, so a frame for a user without one
 * has nowhere to go and is dropped, and nothing is ever buffered elsewhere.
 */
@ApplicationScoped
@Typed(InMemoryRelay.class)
public class InMemoryRelay implements Relay {

  @Override
  public void forward(String userId, String frame, MatchEvent event) {}

  @Override
  public void arrived(String userId, String sessionId, String previous) {}
}
