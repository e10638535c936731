package dev.duet.application;

import dev.duet.application.settings.Settings;
import dev.duet.domain.Participant;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.Map;

/**
 * How many sessions may wait for their client to come back ({@code RESUME_GRACE}), each holding
 * what is sent to it meanwhile (up to {@code RESUME_BUFFER_BYTES}): at most {@code
 * MAX_CONNECTIONS_PER_IP} from one client address (counted as the connection that dropped was) and
 * {@code MAX_RECONNECTING} in all. A session over either bound ends at once, as it would without a
 * grace. A session counts until it is connected again or closed, which is checked when a bound
 * would be hit, so nothing has to tell this budget.
 */
@ApplicationScoped
public class GraceBudget {
  private final Map<Participant, String> waiting = new HashMap<>();
  private final Map<String, Integer> perAddress = new HashMap<>();

  @Inject Settings settings;

  /** Whether the session, dropped from {@code address}, may wait; if so it counts from now. */
  public synchronized boolean admit(Participant participant, String address) {
    if (waiting.containsKey(participant)) {
      forget(participant);
    }
    if (full(address)) {
      waiting.keySet().removeIf(this::stale);
      if (full(address)) {
        return false;
      }
    }
    waiting.put(participant, address);
    perAddress.merge(address, 1, Integer::sum);
    return true;
  }

  private boolean full(String address) {
    int perIp = settings.connections().maxConnectionsPerIp();
    return waiting.size() >= settings.sessions().maxReconnecting()
        || perIp > 0 && perAddress.getOrDefault(address, 0) >= perIp;
  }

  private boolean stale(Participant participant) {
    if (participant.state() == Participant.State.RECONNECTING) {
      return false;
    }
    perAddress.computeIfPresent(
        waiting.get(participant), (key, count) -> count <= 1 ? null : count - 1);
    return true;
  }

  private void forget(Participant participant) {
    String address = waiting.remove(participant);
    perAddress.computeIfPresent(address, (key, count) -> count <= 1 ? null : count - 1);
  }
}
