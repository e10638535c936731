package dev.duet.interfaces.websocket;

import jakarta.json.JsonValue;
import jakarta.json.bind.annotation.JsonbSubtype;
import jakarta.json.bind.annotation.JsonbTypeInfo;
import java.util.List;

/**
 * A frame from the server, in the envelope {@code {type, fromUser, toUser, room, payload,
 * messageId, createTime}}. The server always sets {@code fromUser} (the sender's id, or {@code
 * "system"}) and {@code createTime} (RFC 3339, UTC); {@code toUser} is the recipient. Absent fields
 * are left out.
 */
@JsonbTypeInfo(
    key = "type",
    value = {
      @JsonbSubtype(alias = "session", type = ServerMessage.Session.class),
      @JsonbSubtype(alias = "session_state", type = ServerMessage.SessionState.class),
      @JsonbSubtype(alias = "room_joined", type = ServerMessage.RoomJoined.class),
      @JsonbSubtype(alias = "peer_joined", type = ServerMessage.PeerJoined.class),
      @JsonbSubtype(alias = "assign_role", type = ServerMessage.AssignRole.class),
      @JsonbSubtype(alias = "room_left", type = ServerMessage.RoomLeft.class),
      @JsonbSubtype(alias = "peer_left", type = ServerMessage.PeerLeft.class),
      @JsonbSubtype(alias = "rooms_list", type = ServerMessage.RoomsList.class),
      @JsonbSubtype(alias = "webrtc_offer", type = ServerMessage.Offer.class),
      @JsonbSubtype(alias = "webrtc_answer", type = ServerMessage.Answer.class),
      @JsonbSubtype(alias = "webrtc_candidate", type = ServerMessage.Candidate.class),
      @JsonbSubtype(alias = "hangup", type = ServerMessage.Hangup.class),
      @JsonbSubtype(alias = "chat_message", type = ServerMessage.ChatMessage.class),
      @JsonbSubtype(alias = "pong", type = ServerMessage.Pong.class),
      @JsonbSubtype(alias = "error", type = ServerMessage.Error.class),
      @JsonbSubtype(alias = "error_response", type = ServerMessage.ErrorResponse.class),
      @JsonbSubtype(alias = "waiting", type = ServerMessage.Waiting.class),
      @JsonbSubtype(alias = "ack", type = ServerMessage.Ack.class),
      @JsonbSubtype(alias = "ice_servers", type = ServerMessage.IceServers.class),
      @JsonbSubtype(alias = "server_draining", type = ServerMessage.ServerDraining.class),
      @JsonbSubtype(alias = "peer_reconnecting", type = ServerMessage.PeerReconnecting.class),
      @JsonbSubtype(alias = "peer_reconnected", type = ServerMessage.PeerReconnected.class)
    })
public sealed interface ServerMessage {
  /** The {@code fromUser} of everything the server itself says. */
  String SYSTEM = "system";

  /**
   * {@code session}, always the first frame: who the client is ({@code userId}), its session {@code
   * token} (to present as {@code ?token=} when reconnecting), whether an existing session was
   * {@code resumed} (its rooms and match as they were, and the frames kept for it following this
   * one, {@code dropped} of them lost to the buffer's bound), the ICE servers to use, how often to
   * expect a heartbeat, and the version of the terms of use to accept before talking to strangers
   * ({@code termsVersion}, absent when there are none).
   */
  record Session(String fromUser, String toUser, SessionPayload payload, String createTime)
      implements ServerMessage {}

  /**
   * {@code session_state}: after a session moved from another instance of a cluster (its instance
   * died, or its client reconnected elsewhere), the session as it is now, following the frames kept
   * for it: the running random {@code match} (absent when none) and the {@code rooms}. Frames of a
   * dead instance may have been lost, so this is what the client goes by; the user is not in the
   * random-match queue (it asks again).
   */
  record SessionState(String fromUser, String toUser, StatePayload payload, String createTime)
      implements ServerMessage {}

  record StatePayload(RolePayload match, List<String> rooms) {}

  record SessionPayload(
      String userId,
      String token,
      boolean resumed,
      int dropped,
      List<IceServer> iceServers,
      String iceTransportPolicy,
      long heartbeatSeconds,
      String termsVersion,
      String deviceToken,
      ChallengePayload challenge,
      int audioMaxBitrate) {}

  /**
   * The bot gate's challenge (ALTCHA's fields): find the number whose SHA-256 with the salt is it.
   */
  record ChallengePayload(
      String algorithm, String challenge, String salt, String signature, long maxnumber) {}

  /**
   * {@code ice_servers}: the answer to {@code refresh_ice}: ICE servers with TURN credentials
   * minted now, and the transport policy, as in {@code session}.
   */
  record IceServers(
      String fromUser,
      String toUser,
      IceServersPayload payload,
      String messageId,
      String createTime)
      implements ServerMessage {}

  record IceServersPayload(List<IceServer> iceServers, String iceTransportPolicy) {}

  /** An entry of {@code RTCConfiguration.iceServers}. */
  record IceServer(List<String> urls, String username, String credential) {}

  /** {@code room_joined}: the recipient is in {@code room}; {@code members} in join order. */
  record RoomJoined(
      String fromUser,
      String toUser,
      String room,
      RoomPayload payload,
      String messageId,
      String createTime)
      implements ServerMessage {}

  /** {@code room_left}: the recipient has left {@code room}. */
  record RoomLeft(
      String fromUser,
      String toUser,
      String room,
      RoomPayload payload,
      String messageId,
      String createTime)
      implements ServerMessage {}

  record RoomPayload(String room, String action, List<String> members) {}

  /** {@code peer_joined}: {@code peerId} has joined {@code room}. */
  record PeerJoined(
      String fromUser, String toUser, String room, PeerPayload payload, String createTime)
      implements ServerMessage {}

  record PeerPayload(String room, String peerId) {}

  /**
   * {@code assign_role}: a pair has formed with {@code peerId}, in {@code room} or as the random
   * match {@code matchId} (with the {@code commonInterests} the two share); the {@code impolite}
   * side sends the offer, the {@code polite} side yields on glare.
   */
  record AssignRole(
      String fromUser, String toUser, String room, RolePayload payload, String createTime)
      implements ServerMessage {}

  record RolePayload(
      String role, String peerId, String room, String matchId, List<String> commonInterests) {}

  /** {@code waiting}: the recipient is in the random-match queue since {@code since}. */
  record Waiting(String fromUser, String toUser, WaitingPayload payload, String createTime)
      implements ServerMessage {}

  record WaitingPayload(String since) {}

  /**
   * {@code ack}: a {@code block_peer}, {@code report_peer} or {@code accept_terms} ({@code of}) has
   * been recorded; {@code peerId} names whom a block or report was about.
   */
  record Ack(
      String fromUser, String toUser, AckPayload payload, String messageId, String createTime)
      implements ServerMessage {}

  record AckPayload(String of, String peerId) {}

  /**
   * {@code peer_left}: {@code peerId} has gone from {@code room}, or ended the random match {@code
   * matchId}; {@code reason} says how.
   */
  record PeerLeft(
      String fromUser, String toUser, String room, PeerLeftPayload payload, String createTime)
      implements ServerMessage {}

  /**
   * {@code peer_reconnecting}: the connection of {@code peerId}, a room or match peer, dropped; it
   * is still a member and may come back within {@code RESUME_GRACE}, else {@code peer_left} follows
   * with reason {@code timeout}.
   */
  record PeerReconnecting(String fromUser, String toUser, PeerPayload payload, String createTime)
      implements ServerMessage {}

  /** {@code peer_reconnected}: {@code peerId} is back, as it was. */
  record PeerReconnected(String fromUser, String toUser, PeerPayload payload, String createTime)
      implements ServerMessage {}

  record PeerLeftPayload(String room, String peerId, String reason, String matchId) {}

  /** {@code rooms_list}: the rooms the recipient is in. */
  record RoomsList(
      String fromUser, String toUser, RoomsPayload payload, String messageId, String createTime)
      implements ServerMessage {}

  record RoomsPayload(List<String> rooms) {}

  /** Relayed signaling: {@code fromUser} is the peer who sent it, the payload as it was sent. */
  sealed interface Signal extends ServerMessage {}

  record Offer(
      String fromUser, String toUser, JsonValue payload, String messageId, String createTime)
      implements Signal {}

  record Answer(
      String fromUser, String toUser, JsonValue payload, String messageId, String createTime)
      implements Signal {}

  record Candidate(
      String fromUser, String toUser, JsonValue payload, String messageId, String createTime)
      implements Signal {}

  record Hangup(
      String fromUser, String toUser, JsonValue payload, String messageId, String createTime)
      implements Signal {}

  /**
   * {@code chat_message}: room chat carries {@code room}; direct chat carries {@code incoming},
   * true for the recipient and false on the sender's own copy.
   */
  record ChatMessage(
      String fromUser,
      String toUser,
      String room,
      ChatPayload payload,
      Boolean incoming,
      String messageId,
      String createTime)
      implements ServerMessage {}

  record ChatPayload(String content) {}

  /**
   * {@code server_draining}: the server is shutting down and closes this connection (1001) next;
   * the client should reconnect in a moment, to this server after its restart or to another one.
   */
  record ServerDraining(String fromUser, String toUser, String createTime)
      implements ServerMessage {}

  /** {@code pong}: the answer to {@code ping}. */
  record Pong(String fromUser, String toUser, String messageId, String createTime)
      implements ServerMessage {}

  /** {@code error}: a request broke a rule; {@code code} is one of the documented error codes. */
  record Error(
      String fromUser, String toUser, ErrorPayload payload, String messageId, String createTime)
      implements ServerMessage {}

  record ErrorPayload(String code, String error) {}

  /** {@code error_response}: a frame was not JSON or not of a known structure. */
  record ErrorResponse(
      String fromUser,
      String toUser,
      ErrorResponsePayload payload,
      String messageId,
      String createTime)
      implements ServerMessage {}

  record ErrorResponsePayload(String code, String error, String details) {}
}
