package dev.duet.interfaces.websocket;

import dev.duet.application.SignalingService;
import dev.duet.application.port.Metrics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * WebRTC signaling to a peer, its payload passed on as it came; counted with the time from its
 * arrival to its send.
 */
@ApplicationScoped
public class SignalingHandler {
  @Inject SignalingService signaling;
  @Inject Metrics metrics;

  void relay(ClientMessage.Relay signal, Caller from) {
    signaling.relay(
        from.participant(), signal.toUser(), signal.type(), signal.payload(), signal.messageId());
    metrics.relayed(signal.type().wireName(), System.nanoTime() - from.receivedAt());
  }
}
