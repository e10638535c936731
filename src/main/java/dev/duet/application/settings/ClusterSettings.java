package dev.duet.application.settings;

import dev.duet.domain.Identifiers;
import java.util.Optional;

/**
 * Scale-out.
 *
 * @param redisUrl the Redis that instances of a cluster share ({@code REDIS_URL}); empty for a
 *     single instance, which keeps everything in memory
 * @param instanceId this instance's name in the cluster ({@code INSTANCE_ID}, default a new random
 *     one per run)
 */
public record ClusterSettings(Optional<String> redisUrl, String instanceId) {

  /** Whether this instance is one of a cluster sharing Redis. */
  public boolean clustered() {
    return redisUrl.isPresent();
  }

  static ClusterSettings read(SettingValues values) {
    String url = values.text("REDIS_URL", "").trim();
    if (!url.isEmpty() && !url.matches("rediss?://.+")) {
      throw new IllegalArgumentException(
          "REDIS_URL=" + url + ": expected redis://host:port or rediss://host:port");
    }
    String instanceId = values.text("INSTANCE_ID", Identifiers.random(8)).trim();
    if (!Identifiers.isValid(instanceId)) {
      throw new IllegalArgumentException(
          "INSTANCE_ID=" + instanceId + ": expected 1 to 64 letters, digits, _ and -");
    }
    return new ClusterSettings(url.isEmpty() ? Optional.empty() : Optional.of(url), instanceId);
  }
}
