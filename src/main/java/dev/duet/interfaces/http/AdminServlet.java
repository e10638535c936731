package dev.duet.interfaces.http;

import dev.duet.application.Activity;
import dev.duet.application.CallTelemetry;
import dev.duet.application.ConnectionGate;
import dev.duet.application.port.DatabaseProbe;
import dev.duet.application.port.ReportHistory;
import dev.duet.domain.ActivityHistory;
import dev.duet.domain.Report;
import dev.duet.interfaces.websocket.Json;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /admin/api} (behind {@link AdminFilter}): what the admin page shows, as JSON: the live
 * counters, the last hour of connections and matches a minute, how calls went over the last hour on
 * this instance (from the pages' {@code call_stats}), and the latest open reports (what moderators
 * do with them is {@link ModerationServlet}'s).
 */
@WebServlet(AdminFilter.API)
public class AdminServlet extends HttpServlet {
  static final int REPORTS = 50;

  @Inject LiveCounters counters;
  @Inject ConnectionGate gate;
  @Inject DatabaseProbe database;
  @Inject Activity activity;
  @Inject CallTelemetry calls;
  @Inject ReportHistory reports;
  @Inject Clock clock;

  /** A minute of the chart. */
  public record Minute(String at, int connections, long matches) {}

  /** A report as moderators read it. */
  public record ReportLine(
      String at, String reporter, String reported, String matchId, String reason) {}

  /** Reports, or why they cannot be read now. */
  public record Reports(List<ReportLine> latest, String problem) {}

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    Map<String, Object> live = new LinkedHashMap<>();
    live.put("open_connections", gate.open());
    live.putAll(counters.now());
    live.put("pending_writes", database.pendingWrites());
    live.put("persistence_lag_ms", database.oldestPendingWrite().toMillis());
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("counters", live);
    body.put("lastHour", activity.lastHour().stream().map(AdminServlet::minute).toList());
    body.put("reports", latestReports());
    body.put("callQuality", calls.lastHour());
    response.setContentType("application/json");
    response.setCharacterEncoding("UTF-8");
    response.getWriter().write(Json.JSONB.toJson(body));
  }

  private Reports latestReports() {
    try {
      return new Reports(
          reports.page(false, clock.instant(), 0, REPORTS).stream()
              .map(entry -> line(entry.report()))
              .toList(),
          null);
    } catch (RuntimeException e) {
      return new Reports(List.of(), "reports cannot be read: " + e.getMessage());
    }
  }

  private static Minute minute(ActivityHistory.Sample sample) {
    return new Minute(sample.at().toString(), sample.connections(), sample.matches());
  }

  private static ReportLine line(Report report) {
    return new ReportLine(
        report.at().toString(),
        report.reporter(),
        report.reported(),
        report.matchId(),
        report.reason());
  }
}
