package dev.duet.interfaces.websocket;

import dev.duet.application.port.Metrics;
import dev.duet.domain.ErrorCode;
import dev.duet.domain.RuleViolation;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Sends each client message to its handler, one line per type, after its {@link RateLimits}: over a
 * limit it is refused with {@code rate_limited}, far over it for long the connection is closed with
 * 4429. A message that breaks a rule is answered with {@code error} and its code, and the
 * connection stays open; one the server could not handle now, with {@code unavailable}.
 */
@ApplicationScoped
public class Dispatcher implements ClientMessage.Visitor<Caller> {
  private static final Logger LOG = Logger.getLogger(Dispatcher.class.getName());

  @Inject RoomHandler rooms;
  @Inject MatchingHandler matching;
  @Inject SignalingHandler signaling;
  @Inject ChatHandler chat;
  @Inject ControlHandler control;
  @Inject CallHandler calls;
  @Inject ServerFrames frames;
  @Inject Metrics metrics;

  /**
   * Handles a message of the connection {@code from}, within the limit of its kind (its frame was
   * counted before it was read, see {@link RateLimits}).
   */
  void dispatch(ClientMessage message, Connection from) {
    if (!from.limits().allows(message, System.nanoTime())) {
      handle(new ClientMessage.Limited(message.messageId(), false), from);
      return;
    }
    handle(message, from);
  }

  /** Handles a message, answering a broken rule or a failure with an error. */
  void handle(ClientMessage message, Caller from) {
    try {
      message.accept(this, from);
    } catch (RuleViolation violation) {
      refuse(from, violation, message.messageId());
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Could not handle a message: " + e, e);
      refuse(
          from,
          new RuleViolation(
              ErrorCode.UNAVAILABLE, "The server could not do this now; try again in a moment."),
          message.messageId());
    }
  }

  private void refuse(Caller from, RuleViolation violation, String messageId) {
    metrics.refused(violation.code());
    from.reply(frames.error(from.participant().userId(), violation, messageId));
  }

  @Override
  public void joinRoom(ClientMessage.JoinRoom message, Caller from) {
    rooms.join(message, from);
  }

  @Override
  public void leaveRoom(ClientMessage.LeaveRoom message, Caller from) {
    rooms.leave(message, from);
  }

  @Override
  public void getRooms(ClientMessage.GetRooms message, Caller from) {
    rooms.list(message, from);
  }

  @Override
  public void relay(ClientMessage.Relay message, Caller from) {
    signaling.relay(message, from);
  }

  @Override
  public void chat(ClientMessage.ChatMessage message, Caller from) {
    chat.chat(message, from);
  }

  @Override
  public void requestRandomPeer(ClientMessage.RequestRandomPeer message, Caller from) {
    matching.request(message, from);
  }

  @Override
  public void userAvailable(ClientMessage.UserAvailable message, Caller from) {
    matching.available(message, from);
  }

  @Override
  public void userUnavailable(ClientMessage.UserUnavailable message, Caller from) {
    matching.unavailable(message, from);
  }

  @Override
  public void blockPeer(ClientMessage.BlockPeer message, Caller from) {
    matching.block(message, from);
  }

  @Override
  public void reportPeer(ClientMessage.ReportPeer message, Caller from) {
    matching.report(message, from);
  }

  @Override
  public void acceptTerms(ClientMessage.AcceptTerms message, Caller from) {
    matching.acceptTerms(message, from);
  }

  @Override
  public void solveChallenge(ClientMessage.SolveChallenge message, Caller from) {
    matching.solveChallenge(message, from);
  }

  @Override
  public void refreshIce(ClientMessage.RefreshIce message, Caller from) {
    calls.refreshIce(message, from);
  }

  @Override
  public void callStats(ClientMessage.CallStats message, Caller from) {
    calls.stats(message, from);
  }

  @Override
  public void leave(ClientMessage.Leave message, Caller from) {
    control.leave(message, from);
  }

  @Override
  public void ping(ClientMessage.Ping message, Caller from) {
    control.ping(message, from);
  }

  @Override
  public void invalid(ClientMessage.Invalid message, Caller from) {
    control.invalid(message, from);
  }

  @Override
  public void limited(ClientMessage.Limited message, Caller from) {
    metrics.rateLimited(message.abusive());
    if (message.abusive()) {
      from.drop(Closes.LIMITED, "rate limit exceeded for too long");
      return;
    }
    throw new RuleViolation(ErrorCode.RATE_LIMITED, "Too many messages: this one was dropped.");
  }
}
