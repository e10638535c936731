package dev.duet.application;

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
    if (!settings.stunUrls().isEmpty()) {
      servers.add(new Server(settings.stunUrls(), null, null));
    }
    if (!settings.turnUrls().isEmpty()) {
      if (settings.turnSecret().isEmpty()) {
        servers.add(new Server(settings.turnUrls(), null, null));
      } else {
        TurnCredentials credentials =
            TurnCredentials.issue(
                settings.turnSecret(), userId, clock.instant(), settings.turnTtl());
        servers.add(
            new Server(settings.turnUrls(), credentials.username(), credentials.credential()));
      }
    }
    return servers;
  }

  /** {@code relay} (TURN only, addresses hidden) or {@code all}. */
  public String transportPolicy() {
    return settings.iceTransportPolicy();
  }
}
