package dev.duet.application.settings;

import java.time.Duration;
import java.util.List;

/**
 * The ICE servers handed to clients, TURN's ephemeral credentials, and the audio the pages send.
 *
 * @param stunUrls STUN server URLs ({@code STUN_URLS}, default none)
 * @param turnUrls TURN server URLs ({@code TURN_URLS}, default none)
 * @param turnSecret the secret shared with the TURN server for ephemeral credentials ({@code
 *     TURN_SECRET}, empty when unset); it is never sent to clients
 * @param turnTtl how long issued TURN credentials are valid ({@code TURN_TTL}, default 1 h)
 * @param iceTransportPolicy {@code relay} makes every client send media through TURN only, so no
 *     one learns the other's address; {@code all} allows direct routes ({@code
 *     ICE_TRANSPORT_POLICY}, default all)
 * @param audioMaxBitrate the most bits a second a page's Opus encoder may send ({@code
 *     AUDIO_MAX_BITRATE}, default 32000, from 6000 to 510000, Opus's range); the page's "Data
 *     saver" sends at most 12000 below it
 */
public record IceSettings(
    List<String> stunUrls,
    List<String> turnUrls,
    String turnSecret,
    Duration turnTtl,
    String iceTransportPolicy,
    int audioMaxBitrate) {

  /** Opus's range of bitrates. */
  static final int MIN_BITRATE = 6_000;

  static final int MAX_BITRATE = 510_000;

  static IceSettings read(SettingValues values) {
    String policy = values.text("ICE_TRANSPORT_POLICY", "all").trim();
    if (!List.of("all", "relay").contains(policy)) {
      throw new IllegalArgumentException(
          "ICE_TRANSPORT_POLICY=" + policy + ": expected all or relay");
    }
    int bitrate = values.positive("AUDIO_MAX_BITRATE", "32000");
    if (bitrate < MIN_BITRATE || bitrate > MAX_BITRATE) {
      throw new IllegalArgumentException(
          "AUDIO_MAX_BITRATE=" + bitrate + ": expected " + MIN_BITRATE + " to " + MAX_BITRATE);
    }
    return new IceSettings(
        values.list("STUN_URLS"),
        values.list("TURN_URLS"),
        values.text("TURN_SECRET", ""),
        values.duration("TURN_TTL", "1h"),
        policy,
        bitrate);
  }
}
