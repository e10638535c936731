package dev.duet.domain;

import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The WebRTC signaling a participant may send to a current peer. The server never looks inside
 * their payloads; it only checks that sender and receiver are peers. Each type's {@link
 * #wireName()} is the {@code type} of its frames, the same in both directions.
 */
public enum SignalType {
  OFFER("webrtc_offer"),
  ANSWER("webrtc_answer"),
  CANDIDATE("webrtc_candidate"),
  HANGUP("hangup");

  private static final Map<String, SignalType> BY_WIRE_NAME =
      Arrays.stream(values())
          .collect(Collectors.toUnmodifiableMap(SignalType::wireName, Function.identity()));

  private final String wireName;

  SignalType(String wireName) {
    this.wireName = wireName;
  }

  /** The type as it appears in frames, e.g. {@code webrtc_offer}. */
  public String wireName() {
    return wireName;
  }

  /** The signaling type of that wire name, or null if it names none. */
  public static SignalType ofWireName(String wireName) {
    return wireName == null ? null : BY_WIRE_NAME.get(wireName);
  }
}
