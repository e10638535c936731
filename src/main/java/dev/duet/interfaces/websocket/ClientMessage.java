package dev.duet.interfaces.websocket;

import dev.duet.domain.ErrorCode;
import dev.duet.domain.SignalType;
import jakarta.json.bind.annotation.JsonbSubtype;
import jakarta.json.bind.annotation.JsonbTypeInfo;
import java.util.List;

/**
 * A frame from a client: a JSON object whose {@code type} names one of these records, or one of the
 * {@link SignalType}s, read as {@link Relay}. Fields the server owns ({@code fromUser}, {@code
 * createTime}) and unknown fields are ignored, so nobody can speak for somebody else. {@code
 * messageId} is the client's own and is passed on where the message is.
 *
 * <p>The set is closed: every message is handled through {@link #accept}, so a new type does not
 * compile until its {@link Visitor} method exists, and every visitor has to handle it.
 */
@JsonbTypeInfo(
    key = "type",
    value = {
      @JsonbSubtype(alias = "join_room", type = ClientMessage.JoinRoom.class),
      @JsonbSubtype(alias = "leave_room", type = ClientMessage.LeaveRoom.class),
      @JsonbSubtype(alias = "get_rooms", type = ClientMessage.GetRooms.class),
      @JsonbSubtype(alias = "chat_message", type = ClientMessage.ChatMessage.class),
      @JsonbSubtype(alias = "ping", type = ClientMessage.Ping.class),
      @JsonbSubtype(alias = "request_random_peer", type = ClientMessage.RequestRandomPeer.class),
      @JsonbSubtype(alias = "user_available_webrtc", type = ClientMessage.UserAvailable.class),
      @JsonbSubtype(alias = "user_unavailable_webrtc", type = ClientMessage.UserUnavailable.class),
      @JsonbSubtype(alias = "block_peer", type = ClientMessage.BlockPeer.class),
      @JsonbSubtype(alias = "report_peer", type = ClientMessage.ReportPeer.class),
      @JsonbSubtype(alias = "accept_terms", type = ClientMessage.AcceptTerms.class),
      @JsonbSubtype(alias = "solve_challenge", type = ClientMessage.SolveChallenge.class),
      @JsonbSubtype(alias = "refresh_ice", type = ClientMessage.RefreshIce.class),
      @JsonbSubtype(alias = "call_stats", type = ClientMessage.CallStats.class),
      @JsonbSubtype(alias = "leave", type = ClientMessage.Leave.class)
    })
public sealed interface ClientMessage {

  /** The client's own id for this message, echoed on the error it may cause. */
  String messageId();

  /** Hands this message to the visitor's method for its type. */
  <C> void accept(Visitor<C> visitor, C context);

  /** One method per message type, each given the message and the caller's context. */
  interface Visitor<C> {
    void joinRoom(JoinRoom message, C context);

    void leaveRoom(LeaveRoom message, C context);

    void getRooms(GetRooms message, C context);

    void relay(Relay message, C context);

    void chat(ChatMessage message, C context);

    void requestRandomPeer(RequestRandomPeer message, C context);

    void userAvailable(UserAvailable message, C context);

    void userUnavailable(UserUnavailable message, C context);

    void blockPeer(BlockPeer message, C context);

    void reportPeer(ReportPeer message, C context);

    void acceptTerms(AcceptTerms message, C context);

    void solveChallenge(SolveChallenge message, C context);

    void refreshIce(RefreshIce message, C context);

    void callStats(CallStats message, C context);

    void leave(Leave message, C context);

    void ping(Ping message, C context);

    void invalid(Invalid message, C context);

    void limited(Limited message, C context);
  }

  /**
   * {@code join_room}: join {@code room}, creating it if needed; {@code passcode} (may be null)
   * protects a room made with it and must match to join one.
   */
  record JoinRoom(String room, String passcode, String messageId) implements ClientMessage {
    @Override
    public <C> void accept(Visitor<C> visitor, C context) {
      visitor.joinRoom(this, context);
    }
  }

  /** {@code leave_room}: leave {@code room}. */
  record LeaveRoom(String room, String messageId) implements ClientMessage {
    @Override
    public <C> void accept(Visitor<C> visitor, C context) {
      visitor.leaveRoom(this, context);
    }
  }

  /** {@code get_rooms}: list the rooms the sender is in. */
  record GetRooms(String messageId) implements ClientMessage {
    @Override
    public <C> void accept(Visitor<C> visitor, C context) {
      visitor.getRooms(this, context);
    }
  }

  /** {@code chat_message}: text to a room ({@code room}) or to a peer ({@code toUser}). */
  record ChatMessage(String room, String toUser, ChatPayload payload, String messageId)
      implements ClientMessage {
    @Override
    public <C> void accept(Visitor<C> visitor, C context) {
      visitor.chat(this, context);
    }
  }

  /** The payload of {@code chat_message}. */
  record ChatPayload(String content) {}

  /**
   * {@code request_random_peer}: end the current random match, if any, and wait for a stranger,
   * preferring one who shares an interest.
   */
  record RequestRandomPeer(RandomPeerPayload payload, String messageId) implements ClientMessage {
    @Override
    public <C> void accept(Visitor<C> visitor, C context) {
      visitor.requestRandomPeer(this, context);
    }
  }

  /** The payload of {@code request_random_peer}; both fields are optional. */
  record RandomPeerPayload(String currentPeerId, List<String> interests) {}

  /** {@code user_available_webrtc}: {@code request_random_peer} without a payload. */
  record UserAvailable(String messageId) implements ClientMessage {
    @Override
    public <C> void accept(Visitor<C> visitor, C context) {
      visitor.userAvailable(this, context);
    }
  }

  /** {@code user_unavailable_webrtc}: leave the random-match queue. */
  record UserUnavailable(String messageId) implements ClientMessage {
    @Override
    public <C> void accept(Visitor<C> visitor, C context) {
      visitor.userUnavailable(this, context);
    }
  }

  /** {@code block_peer}: never be matched with {@code peerId} again (for {@code BLOCK_TTL}). */
  record BlockPeer(PeerPayload payload, String messageId) implements ClientMessage {
    @Override
    public <C> void accept(Visitor<C> visitor, C context) {
      visitor.blockPeer(this, context);
    }
  }

  record PeerPayload(String peerId) {}

  /** {@code report_peer}: report the partner of a current or recent match; implies a block. */
  record ReportPeer(ReportPayload payload, String messageId) implements ClientMessage {
    @Override
    public <C> void accept(Visitor<C> visitor, C context) {
      visitor.reportPeer(this, context);
    }
  }

  /**
   * {@code accept_terms}: the user accepts this version of the terms of use ({@code TERMS_VERSION})
   * and says they are an adult; needed before talking to strangers while terms are set. Answered
   * {@code ack}.
   */
  record AcceptTerms(TermsPayload payload, String messageId) implements ClientMessage {
    @Override
    public <C> void accept(Visitor<C> visitor, C context) {
      visitor.acceptTerms(this, context);
    }
  }

  /** The payload of {@code accept_terms}. */
  record TermsPayload(String version, Boolean adult) {}

  /**
   * {@code solve_challenge}: the solution of the {@code session} frame's challenge (ALTCHA's base64
   * JSON payload); needed before talking to strangers while the bot gate is on. Answered {@code
   * ack}, or {@code challenge_failed}.
   */
  record SolveChallenge(SolutionPayload payload, String messageId) implements ClientMessage {
    @Override
    public <C> void accept(Visitor<C> visitor, C context) {
      visitor.solveChallenge(this, context);
    }
  }

  /** The payload of {@code solve_challenge}. */
  record SolutionPayload(String solution) {}

  record ReportPayload(String peerId, String matchId, String reason) {}

  /**
   * {@code refresh_ice}: ICE servers with newly minted TURN credentials, for a long call or an ICE
   * restart; answered {@code ice_servers}.
   */
  record RefreshIce(String messageId) implements ClientMessage {
    @Override
    public <C> void accept(Visitor<C> visitor, C context) {
      visitor.refreshIce(this, context);
    }
  }

  /**
   * {@code call_stats}: how the sender's call goes, for the operators' aggregate figures; not
   * answered unless refused. The payload's rules are {@link dev.duet.domain.CallReport}'s.
   */
  record CallStats(CallStatsPayload payload, String messageId) implements ClientMessage {
    @Override
    public <C> void accept(Visitor<C> visitor, C context) {
      visitor.callStats(this, context);
    }
  }

  /**
   * The payload of {@code call_stats}: {@code event} ({@code connected}, {@code update}, {@code
   * ended}, {@code failed}), the route ({@code localCandidate}, {@code remoteCandidate}: {@code
   * host}, {@code srflx}, {@code prflx}, {@code relay}; {@code protocol}: {@code udp}, {@code
   * tcp}), {@code setupMs}, {@code rttMs}, {@code jitterMs}, {@code packetLoss} (0 to 1), {@code
   * bitrate} (bits a second received), the ICE restarts since the last report, and the {@code
   * reason} of a failure or a drop.
   */
  record CallStatsPayload(
      String event,
      Double setupMs,
      String localCandidate,
      String remoteCandidate,
      String protocol,
      Double rttMs,
      Double jitterMs,
      Double packetLoss,
      Double bitrate,
      Restarts iceRestarts,
      String reason) {}

  /** ICE restarts since the last {@code call_stats}, by how they ended. */
  record Restarts(Integer succeeded, Integer failed) {}

  /**
   * {@code leave}: end the session now, without waiting for a reconnect: the user leaves its match
   * and rooms, and the server closes the connection with 1000.
   */
  record Leave(String messageId) implements ClientMessage {
    @Override
    public <C> void accept(Visitor<C> visitor, C context) {
      visitor.leave(this, context);
    }
  }

  /** {@code ping}: answered with {@code pong}. */
  record Ping(String messageId) implements ClientMessage {
    @Override
    public <C> void accept(Visitor<C> visitor, C context) {
      visitor.ping(this, context);
    }
  }

  /**
   * Signaling ({@code webrtc_offer}, {@code webrtc_answer}, {@code webrtc_candidate}, {@code
   * hangup}: {@code {type, toUser, payload, messageId}}): the type, the recipient, and the payload
   * as the exact JSON text the client sent (null when absent). Never parsed by JSON-B; made by the
   * decoder, which reads signaling in one streaming pass so the payload is relayed without being
   * rebuilt.
   */
  record Relay(SignalType type, String toUser, String payload, String messageId)
      implements ClientMessage {
    @Override
    public <C> void accept(Visitor<C> visitor, C context) {
      visitor.relay(this, context);
    }
  }

  /**
   * A frame that could not be read as any of the above; never parsed from JSON, made by the decoder
   * so the endpoint can answer it: {@code error_response} when {@code malformed} (not JSON, or the
   * wrong structure), else {@code error}.
   */
  record Invalid(boolean malformed, ErrorCode code, String error, String details)
      implements ClientMessage {
    @Override
    public String messageId() {
      return null;
    }

    @Override
    public <C> void accept(Visitor<C> visitor, C context) {
      visitor.invalid(this, context);
    }
  }

  /**
   * A frame refused over a rate limit before it was read ({@code messageId} as far as it could be
   * seen without parsing), or a message refused over the limit of its kind: answered with {@code
   * rate_limited}, or the connection is closed with 4429 when {@code abusive}. Made by the server,
   * never parsed.
   */
  record Limited(String messageId, boolean abusive) implements ClientMessage {
    @Override
    public <C> void accept(Visitor<C> visitor, C context) {
      visitor.limited(this, context);
    }
  }
}
