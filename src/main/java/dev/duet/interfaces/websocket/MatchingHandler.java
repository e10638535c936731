package dev.duet.interfaces.websocket;

import dev.duet.application.BotGate;
import dev.duet.application.MatchService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Random matching: {@code request_random_peer} (and {@code user_available_webrtc}, the same without
 * a payload), {@code user_unavailable_webrtc}, {@code accept_terms}, and {@code block_peer} and
 * {@code report_peer}; the last three acknowledged with {@code ack} once recorded.
 */
@ApplicationScoped
public class MatchingHandler {
  @Inject MatchService matches;
  @Inject BotGate botGate;
  @Inject ServerFrames frames;

  void request(ClientMessage.RequestRandomPeer message, Caller from) {
    ClientMessage.RandomPeerPayload payload = message.payload();
    matches.request(
        from.participant(),
        from.address(),
        payload == null ? null : payload.interests(),
        payload == null ? null : payload.currentPeerId());
  }

  void available(ClientMessage.UserAvailable message, Caller from) {
    matches.request(from.participant(), from.address(), null, null);
  }

  void unavailable(ClientMessage.UserUnavailable message, Caller from) {
    matches.cancel(from.participant());
  }

  void block(ClientMessage.BlockPeer message, Caller from) {
    String peerId = message.payload() == null ? null : message.payload().peerId();
    matches.block(from.participant(), peerId);
    from.reply(frames.ack(from.participant().userId(), "block_peer", peerId, message.messageId()));
  }

  void report(ClientMessage.ReportPeer message, Caller from) {
    ClientMessage.ReportPayload payload = message.payload();
    String peerId = payload == null ? null : payload.peerId();
    matches.report(
        from.participant(),
        peerId,
        payload == null ? null : payload.matchId(),
        payload == null ? null : payload.reason());
    from.reply(frames.ack(from.participant().userId(), "report_peer", peerId, message.messageId()));
  }

  void acceptTerms(ClientMessage.AcceptTerms message, Caller from) {
    ClientMessage.TermsPayload payload = message.payload();
    matches.acceptTerms(
        from.participant(),
        payload == null ? null : payload.version(),
        payload == null ? null : payload.adult());
    from.reply(frames.ack(from.participant().userId(), "accept_terms", null, message.messageId()));
  }

  void solveChallenge(ClientMessage.SolveChallenge message, Caller from) {
    ClientMessage.SolutionPayload payload = message.payload();
    botGate.solve(from.participant(), payload == null ? null : payload.solution());
    from.reply(
        frames.ack(from.participant().userId(), "solve_challenge", null, message.messageId()));
  }
}
