package dev.duet.application.settings;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Sessions and their resumption.
 *
 * @param sessionTtl how long a session token is valid ({@code SESSION_TTL}, default 24 h)
 * @param resumeGrace how long a session whose connection dropped abruptly waits for its client to
 *     come back with its token, keeping its rooms and match ({@code RESUME_GRACE}, default 30 s; 0:
 *     no waiting)
 * @param jwtSecret the HS256 key for session tokens ({@code JWT_SECRET}, at least 32 bytes); empty
 *     when unset, and then Duet makes one on first start and keeps it in the database
 * @param resumeBufferMessages what is kept for a reconnecting user, oldest dropped first: at most
 *     {@code RESUME_BUFFER_MESSAGES} frames (default 64) ...
 * @param resumeBufferBytes ... and at most {@code RESUME_BUFFER_BYTES} bytes (default 256 KiB)
 * @param maxReconnecting how many sessions may wait for their client at once ({@code
 *     MAX_RECONNECTING}, default 1,000; from one address at most {@code MAX_CONNECTIONS_PER_IP});
 *     one more ends at once
 * @param sessionRetention how long the record of an ended session is kept ({@code
 *     SESSION_RETENTION}, default 24 h)
 */
public record SessionSettings(
    Duration sessionTtl,
    Duration resumeGrace,
    String jwtSecret,
    int resumeBufferMessages,
    int resumeBufferBytes,
    int maxReconnecting,
    Duration sessionRetention) {

  static SessionSettings read(SettingValues values) {
    String jwtSecret = values.text("JWT_SECRET", "");
    if (!jwtSecret.isEmpty() && jwtSecret.getBytes(StandardCharsets.UTF_8).length < 32) {
      throw new IllegalArgumentException(
          "JWT_SECRET: expected at least 32 bytes (256 bits) for HS256, or unset to let Duet"
              + " make one");
    }
    return new SessionSettings(
        values.duration("SESSION_TTL", "24h"),
        values.durationOrZero("RESUME_GRACE", "30s"),
        jwtSecret,
        values.positive("RESUME_BUFFER_MESSAGES", "64"),
        values.positive("RESUME_BUFFER_BYTES", "262144"),
        values.positive("MAX_RECONNECTING", "1000"),
        values.duration("SESSION_RETENTION", "24h"));
  }
}
