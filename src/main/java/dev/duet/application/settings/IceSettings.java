package dev.duet.application.settings;

import java.time.Duration;
import java.util.List;

/**
 * The ICE servers handed to clients, and TURN's ephemeral credentials.
 *
 * @param stunUrls STUN server URLs ({@code STUN_URLS}, default none)
 * @param turnUrls TURN server URLs ({@code TURN_URLS}, default none)
 * @param turnSecret the secret shared with the TURN server for ephemeral credentials ({@code
 *     TURN_SECRET}, empty when unset); it is never sent to clients
 * @param turnTtl how long issued TURN credentials are valid ({@code TURN_TTL}, default 1 h)
 * @param iceTransportPolicy {@code relay} makes every client send media through TURN only, so no
 *     one learns the other's address; {@code all} allows direct routes ({@code
 *     ICE_TRANSPORT_POLICY}, default all)
 */
public record IceSettings(
    List<String> stunUrls,
    List<String> turnUrls,
    String turnSecret,
    Duration turnTtl,
    String iceTransportPolicy) {

  static IceSettings read(SettingValues values) {
    String policy = values.text("ICE_TRANSPORT_POLICY", "all").trim();
    if (!List.of("all", "relay").contains(policy)) {
      throw new IllegalArgumentException(
          "ICE_TRANSPORT_POLICY=" + policy + ": expected all or relay");
    }
    return new IceSettings(
        values.list("STUN_URLS"),
        values.list("TURN_URLS"),
        values.text("TURN_SECRET", ""),
        values.duration("TURN_TTL", "1h"),
        policy);
  }
}
