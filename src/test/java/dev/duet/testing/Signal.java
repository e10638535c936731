package dev.duet.testing;

import jakarta.json.JsonValue;
import jakarta.json.bind.annotation.JsonbSubtype;
import jakarta.json.bind.annotation.JsonbTypeInfo;

/**
 * Signaling as a client sends it, {@code {type, toUser, payload, messageId}}, written by JSON-B as
 * any client would. The server reads these frames with its streaming decoder into {@code
 * ClientMessage.Relay}, never into records, so they are the tests' own.
 */
@JsonbTypeInfo(
    key = "type",
    value = {
      @JsonbSubtype(alias = "webrtc_offer", type = Signal.Offer.class),
      @JsonbSubtype(alias = "webrtc_answer", type = Signal.Answer.class),
      @JsonbSubtype(alias = "webrtc_candidate", type = Signal.Candidate.class),
      @JsonbSubtype(alias = "hangup", type = Signal.Hangup.class)
    })
public sealed interface Signal {
  String toUser();

  JsonValue payload();

  String messageId();

  /** {@code webrtc_offer}: a session description offer. */
  record Offer(String toUser, JsonValue payload, String messageId) implements Signal {}

  /** {@code webrtc_answer}: a session description answer. */
  record Answer(String toUser, JsonValue payload, String messageId) implements Signal {}

  /** {@code webrtc_candidate}: an ICE candidate. */
  record Candidate(String toUser, JsonValue payload, String messageId) implements Signal {}

  /** {@code hangup}: the call with {@code toUser} is over. */
  record Hangup(String toUser, JsonValue payload, String messageId) implements Signal {}
}
