package dev.duet.interfaces.websocket;

import dev.duet.application.CallTelemetry;
import dev.duet.application.IceServers;
import dev.duet.domain.CallReport;
import dev.duet.domain.ErrorCode;
import dev.duet.domain.RuleViolation;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * What keeps a call going and tells the operator how it goes: {@code refresh_ice} (answered {@code
 * ice_servers} with TURN credentials minted now) and {@code call_stats} (counted, not answered;
 * refused with {@code bad_message} when it breaks a rule of {@link CallReport}).
 */
@ApplicationScoped
public class CallHandler {
  @Inject IceServers iceServers;
  @Inject CallTelemetry telemetry;
  @Inject ServerFrames frames;

  void refreshIce(ClientMessage.RefreshIce message, Caller from) {
    String userId = from.participant().userId();
    from.reply(
        frames.iceServers(
            userId, iceServers.forUser(userId), iceServers.transportPolicy(), message.messageId()));
  }

  void stats(ClientMessage.CallStats message, Caller from) {
    ClientMessage.CallStatsPayload payload = message.payload();
    if (payload == null) {
      throw new RuleViolation(ErrorCode.BAD_MESSAGE, "call_stats needs a payload.");
    }
    ClientMessage.Restarts restarts = payload.iceRestarts();
    telemetry.report(
        new CallReport.Fields(
            payload.event(),
            payload.setupMs(),
            payload.localCandidate(),
            payload.remoteCandidate(),
            payload.protocol(),
            payload.rttMs(),
            payload.jitterMs(),
            payload.packetLoss(),
            payload.bitrate(),
            restarts == null ? null : restarts.succeeded(),
            restarts == null ? null : restarts.failed(),
            payload.reason()));
  }
}
