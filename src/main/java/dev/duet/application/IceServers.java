package dev.duet.application;

import dev.duet.application.settings.Settings;
import dev.duet.domain.TurnCredentials;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The ICE servers each client is given in its {@code session} frame: {@code STUN_URLS} as they are,
 * and {@code TURN_URLS} with credentials of the user's own that expire after {@code TURN_TTL} when
 * {@code TURN_SECRET} is set. By default there are none, so a fresh install makes no outside
 * requests.
 */
@ApplicationScoped
public class IceServers {

  @Inject Settings settings;
  @Inject Clock clock;

  /** An entry of {@code RTCConfiguration.iceServers}. */
  public record Server(List<String> urls, String username, String credential) {}

  public List<Server> forUser(String userId) {
    List<Server> servers = new ArrayList<>();
    if (!settings.ice().stunUrls().isEmpty()) {
      servers.add(new Server(settings.ice().stunUrls(), null, null));
    }
    if (!settings.ice().turnUrls().isEmpty()) {
      if (settings.ice().turnSecret().isEmpty()) {
        servers.add(new Server(settings.ice().turnUrls(), null, null));
      } else {
        TurnCredentials credentials =
            TurnCredentials.issue(
                settings.ice().turnSecret(), userId, clock.instant(), settings.ice().turnTtl());
        servers.add(
            new Server(
                settings.ice().turnUrls(), credentials.username(), credentials.credential()));
      }
    }
    return servers;
  }

  /** The most bits a second a page's audio may use ({@code AUDIO_MAX_BITRATE}). */
  public int audioMaxBitrate() {
    return settings.ice().audioMaxBitrate();
  }

  /** {@code relay} (TURN only, addresses hidden) or {@code all}. */
  public String transportPolicy() {
    return settings.ice().iceTransportPolicy();
  }
}
