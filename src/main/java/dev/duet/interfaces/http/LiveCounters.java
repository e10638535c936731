package dev.duet.interfaces.http;

import dev.duet.application.Housekeeping;
import dev.duet.application.LiveSessions;
import dev.duet.application.MatchService;
import dev.duet.application.RoomService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** The live counters of {@code /stats}, also shown by the admin view. */
@ApplicationScoped
public class LiveCounters {

  @Inject LiveSessions sessions;
  @Inject RoomService rooms;
  @Inject MatchService matches;
  @Inject Housekeeping housekeeping;
  @Inject Clock clock;

  /** The counters now, by their JSON names, in a stable order. */
  public Map<String, Object> now() {
    MatchService.Stats matching = matches.stats();
    Map<String, Object> stats = new LinkedHashMap<>();
    stats.put("waiting_users", matching.waiting());
    stats.put("active_users", sessions.count());
    stats.put("active_rooms", rooms.activeRooms());
    stats.put("empty_rooms", rooms.emptyRooms());
    stats.put("active_matches", matching.activeMatches());
    stats.put("matches_made", matching.made());
    stats.put("skips", matching.skips());
    stats.put("wait_avg_ms", Math.round(matching.averageWaitMillis()));
    stats.put("wait_p95_ms", matching.p95WaitMillis());
    stats.put("started_at", housekeeping.startedAt().toString());
    stats.put(
        "server_uptime", Duration.between(housekeeping.startedAt(), clock.instant()).toSeconds());
    return stats;
  }
}
