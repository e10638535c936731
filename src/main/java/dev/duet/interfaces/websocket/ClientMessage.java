package dev.duet.interfaces.websocket;

import dev.duet.domain.ErrorCode;
import dev.duet.domain.SignalType;
import jakarta.json.JsonValue;
import jakarta.json.bind.annotation.JsonbSubtype;
import jakarta.json.bind.annotation.JsonbTypeInfo;
import java.util.List;

/**
 * A frame from a client: a JSON object whose {@code type} names one of these records. Fields the
 * server owns ({@code fromUser}, {@code createTime}) and unknown fields are ignored, so nobody can
 * speak for somebody else. {@code messageId} is the client's own and is passed on where the message
 * is.
 */
@JsonbTypeInfo(
    key = "type",
    value = {
      @JsonbSubtype(alias = "join_room", type = ClientMessage.JoinRoom.class),
      @JsonbSubtype(alias = "leave_room", type = ClientMessage.LeaveRoom.class),
      @JsonbSubtype(alias = "get_rooms", type = ClientMessage.GetRooms.class),
      @JsonbSubtype(alias = "webrtc_offer", type = ClientMessage.Offer.class),
      @JsonbSubtype(alias = "webrtc_answer", type = ClientMessage.Answer.class),
      @JsonbSubtype(alias = "webrtc_candidate", type = ClientMessage.Candidate.class),
      @JsonbSubtype(alias = "hangup", type = ClientMessage.Hangup.class),
      @JsonbSubtype(alias = "chat_message", type = ClientMessage.ChatMessage.class),
      @JsonbSubtype(alias = "ping", type = ClientMessage.Ping.class),
      @JsonbSubtype(alias = "request_random_peer", type = ClientMessage.RequestRandomPeer.class),
      @JsonbSubtype(alias = "user_available_webrtc", type = ClientMessage.UserAvailable.class),
      @JsonbSubtype(alias = "user_unavailable_webrtc", type = ClientMessage.UserUnavailable.class),
      @JsonbSubtype(alias = "block_peer", type = ClientMessage.BlockPeer.class),
      @JsonbSubtype(alias = "report_peer", type = ClientMessage.ReportPeer.class),
      @JsonbSubtype(alias = "leave", type = ClientMessage.Leave.class)
    })
public sealed interface ClientMessage {

  /** The client's own id for this message, echoed on the error it may cause. */
  String messageId();

  /** {@code join_room}: join {@code room}, creating it if needed. */
  record JoinRoom(String room, String messageId) implements ClientMessage {}

  /** {@code leave_room}: leave {@code room}. */
  record LeaveRoom(String room, String messageId) implements ClientMessage {}

  /** {@code get_rooms}: list the rooms the sender is in. */
  record GetRooms(String messageId) implements ClientMessage {}

  /**
   * WebRTC signaling to a current peer; the payload is opaque and passed on unchanged. These
   * records are the protocol's shape for clients; the server reads signaling as {@link Relay}.
   */
  sealed interface Signal extends ClientMessage {
    String toUser();

    JsonValue payload();
  }

  /** {@code webrtc_offer}: a session description offer. */
  record Offer(String toUser, JsonValue payload, String messageId) implements Signal {}

  /** {@code webrtc_answer}: a session description answer. */
  record Answer(String toUser, JsonValue payload, String messageId) implements Signal {}

  /** {@code webrtc_candidate}: an ICE candidate. */
  record Candidate(String toUser, JsonValue payload, String messageId) implements Signal {}

  /** {@code hangup}: the call with {@code toUser} is over. */
  record Hangup(String toUser, JsonValue payload, String messageId) implements Signal {}

  /** {@code chat_message}: text to a room ({@code room}) or to a peer ({@code toUser}). */
  record ChatMessage(String room, String toUser, ChatPayload payload, String messageId)
      implements ClientMessage {}

  /** The payload of {@code chat_message}. */
  record ChatPayload(String content) {}

  /**
   * {@code request_random_peer}: end the current random match, if any, and wait for a stranger,
   * preferring one who shares an interest.
   */
  record RequestRandomPeer(RandomPeerPayload payload, String messageId) implements ClientMessage {}

  /** The payload of {@code request_random_peer}; both fields are optional. */
  record RandomPeerPayload(String currentPeerId, List<String> interests) {}

  /** {@code user_available_webrtc}: {@code request_random_peer} without a payload. */
  record UserAvailable(String messageId) implements ClientMessage {}

  /** {@code user_unavailable_webrtc}: leave the random-match queue. */
  record UserUnavailable(String messageId) implements ClientMessage {}

  /** {@code block_peer}: never be matched with {@code peerId} again (for {@code BLOCK_TTL}). */
  record BlockPeer(PeerPayload payload, String messageId) implements ClientMessage {}

  record PeerPayload(String peerId) {}

  /** {@code report_peer}: report the partner of a current or recent match; implies a block. */
  record ReportPeer(ReportPayload payload, String messageId) implements ClientMessage {}

  record ReportPayload(String peerId, String matchId, String reason) {}

  /**
   * {@code leave}: end the session now, without waiting for a reconnect: the user leaves its match
   * and rooms, and the server closes the connection with 1000.
   */
  record Leave(String messageId) implements ClientMessage {}

  /** {@code ping}: answered with {@code pong}. */
  record Ping(String messageId) implements ClientMessage {}

  /**
   * Signaling as the server reads it: the type, the recipient, and the payload as the exact JSON
   * text the client sent (null when absent). Never parsed by JSON-B; made by the decoder, which
   * reads signaling in one streaming pass so the payload is relayed without being rebuilt.
   */
  record Relay(SignalType type, String toUser, String payload, String messageId)
      implements ClientMessage {}

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
  }
}
