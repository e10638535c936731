package dev.duet.interfaces.websocket;

import dev.duet.application.SessionService;
import dev.duet.application.port.Metrics;
import dev.duet.domain.RuleViolation;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The connection itself: {@code ping} (answered with {@code pong}), {@code leave} (the session ends
 * now, its token is revoked, and the connection closes with 1000), and frames that are no message:
 * {@code error_response} when not JSON or of no known structure, else {@code error} with its code.
 */
@ApplicationScoped
public class ControlHandler {
  @Inject ServerFrames frames;
  @Inject Metrics metrics;
  @Inject SessionService sessions;

  void ping(ClientMessage.Ping message, Caller from) {
    from.reply(frames.pong(from.participant().userId(), message.messageId()));
  }

  void leave(ClientMessage.Leave message, Caller from) {
    sessions.leave(from.participant());
    from.drop(Closes.NORMAL, "left");
  }

  void invalid(ClientMessage.Invalid invalid, Caller from) {
    if (!invalid.malformed()) {
      throw new RuleViolation(invalid.code(), invalid.error());
    }
    metrics.refused(invalid.code());
    from.reply(frames.errorResponse(from.participant().userId(), invalid));
  }
}
