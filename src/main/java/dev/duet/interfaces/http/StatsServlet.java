package dev.duet.interfaces.http;

import dev.duet.application.Housekeeping;
import dev.duet.application.MatchService;
import dev.duet.application.RoomService;
import dev.duet.application.SessionService;
import dev.duet.interfaces.websocket.Json;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code GET /stats}: a small JSON object of live counters, for scripts and dashboards. */
@WebServlet("/stats")
public class StatsServlet extends HttpServlet {

  @Inject SessionService sessions;
  @Inject RoomService rooms;
  @Inject MatchService matches;
  @Inject Housekeeping housekeeping;
  @Inject Clock clock;

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
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
    response.setContentType("application/json");
    response.setCharacterEncoding("UTF-8");
    response.setHeader("Cache-Control", "no-store");
    response.getWriter().write(Json.JSONB.toJson(stats));
  }
}
