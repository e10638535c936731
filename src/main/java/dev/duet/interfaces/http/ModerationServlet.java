package dev.duet.interfaces.http;

import dev.duet.application.ModeratorActions;
import dev.duet.application.port.AuditLog;
import dev.duet.application.port.BanRepository;
import dev.duet.application.port.ReportHistory;
import dev.duet.domain.Ban;
import dev.duet.domain.BanScope;
import dev.duet.interfaces.websocket.Json;
import jakarta.inject.Inject;
import jakarta.json.bind.JsonbException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The moderators' JSON API under {@code /admin/api/} (behind {@link AdminFilter}'s bearer token):
 * {@code GET reports?status=open|resolved&page=N}, {@code POST reports/ID/resolve}, {@code GET
 * bans?status=active|all&page=N}, {@code POST bans}, {@code DELETE bans/ID}, {@code GET
 * audit?page=N}. A request that changes anything names its moderator in {@code X-Moderator} and
 * sends JSON ({@code Content-Type: application/json}); the token travels in a header only, so no
 * other site can make a browser send one. Pages hold {@value #PAGE} entries, newest first. Errors
 * are {@code {"error": "..."}} with 400 (malformed), 404 (unknown), 409 (already done) or 415.
 */
@WebServlet(AdminFilter.API + "/*")
public class ModerationServlet extends HttpServlet {
  static final int PAGE = 50;
  private static final Pattern RESOLVE = Pattern.compile("/reports/([0-9a-f]{1,32})/resolve");
  private static final Pattern BAN = Pattern.compile("/bans/([A-Za-z0-9_-]{1,64})");

  @Inject ModeratorActions moderation;
  @Inject ReportHistory reports;
  @Inject BanRepository bans;
  @Inject AuditLog audit;
  @Inject Clock clock;

  /** {@code POST bans}. */
  public record BanBody(
      String scope, String subject, String duration, String reason, Boolean shadow, Boolean wide) {}

  /** {@code POST reports/ID/resolve}. */
  public record ResolveBody(String action, String scope, String duration, String note) {}

  /** A report as the API shows it. */
  public record ReportView(
      String id,
      String at,
      String reporter,
      String reported,
      String matchId,
      String reason,
      String status,
      long reportersLastDay,
      ResolutionView resolution) {}

  public record ResolutionView(String action, String by, String at, String note, String banId) {}

  /** A ban as the API shows it; {@code until} and the lifting are absent when none. */
  public record BanView(
      String id,
      String scope,
      String userId,
      boolean shadow,
      String reason,
      String by,
      String at,
      String until,
      boolean active,
      String liftedAt,
      String liftedBy) {}

  public record AuditView(
      String at, String moderator, String action, String target, String detail) {}

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    String path = String.valueOf(request.getPathInfo());
    int page;
    try {
      page =
          Math.max(
              0, Integer.parseInt(Optional.ofNullable(request.getParameter("page")).orElse("0")));
    } catch (NumberFormatException e) {
      error(response, 400, "page is a whole number");
      return;
    }
    Instant now = clock.instant();
    switch (path) {
      case "/reports" -> {
        String status = Optional.ofNullable(request.getParameter("status")).orElse("open");
        if (!status.equals("open") && !status.equals("resolved")) {
          error(response, 400, "status is open or resolved");
          return;
        }
        List<ReportView> found =
            reports.page(status.equals("resolved"), now, page * PAGE, PAGE + 1).stream()
                .map(ModerationServlet::view)
                .toList();
        paged(response, "reports", found, page);
      }
      case "/bans" -> {
        String status = Optional.ofNullable(request.getParameter("status")).orElse("active");
        if (!status.equals("active") && !status.equals("all")) {
          error(response, 400, "status is active or all");
          return;
        }
        List<BanView> found =
            bans.page(status.equals("active"), now, page * PAGE, PAGE + 1).stream()
                .map(ban -> view(ban, now))
                .toList();
        paged(response, "bans", found, page);
      }
      case "/audit" -> {
        List<AuditView> found =
            audit.page(page * PAGE, PAGE + 1).stream().map(ModerationServlet::view).toList();
        paged(response, "entries", found, page);
      }
      default -> error(response, 404, "no such resource");
    }
  }

  @Override
  protected void doPost(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    String path = String.valueOf(request.getPathInfo());
    Matcher resolve = RESOLVE.matcher(path);
    if (!path.equals("/bans") && !resolve.matches()) {
      error(response, 404, "no such resource");
      return;
    }
    String contentType = String.valueOf(request.getContentType());
    if (!contentType.startsWith("application/json")) {
      error(response, 415, "send application/json");
      return;
    }
    act(
        request,
        response,
        moderator -> {
          Instant now = clock.instant();
          if (resolve.matches()) {
            ResolveBody order = Json.JSONB.fromJson(request.getReader(), ResolveBody.class);
            Optional<Ban> ban =
                moderation.resolve(
                    resolve.group(1),
                    order.action(),
                    order.scope() == null ? null : BanScope.of(order.scope()),
                    order.duration(),
                    order.note(),
                    moderator);
            Map<String, Object> body = new LinkedHashMap<>();
            reports.find(resolve.group(1), now).ifPresent(r -> body.put("report", view(r)));
            ban.ifPresent(b -> body.put("ban", view(b, now)));
            return body;
          }
          BanBody body = Json.JSONB.fromJson(request.getReader(), BanBody.class);
          if (body.scope() == null) {
            throw new IllegalArgumentException("scope is one of user, device, network");
          }
          Ban ban =
              moderation.ban(
                  new ModeratorActions.BanOrder(
                      BanScope.of(body.scope()),
                      body.subject(),
                      Boolean.TRUE.equals(body.shadow()),
                      Boolean.TRUE.equals(body.wide()),
                      body.duration(),
                      body.reason()),
                  moderator);
          response.setStatus(HttpServletResponse.SC_CREATED);
          return Map.of("ban", view(ban, now));
        });
  }

  @Override
  protected void doDelete(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    Matcher ban = BAN.matcher(String.valueOf(request.getPathInfo()));
    if (!ban.matches()) {
      error(response, 404, "no such resource");
      return;
    }
    act(
        request,
        response,
        moderator ->
            Map.of("ban", view(moderation.lift(ban.group(1), moderator), clock.instant())));
  }

  private interface Action {
    Object run(String moderator) throws IOException;
  }

  private void act(HttpServletRequest request, HttpServletResponse response, Action action)
      throws IOException {
    String moderator = request.getHeader("X-Moderator");
    try {
      Ban.requireName(moderator);
    } catch (IllegalArgumentException e) {
      error(response, 400, "X-Moderator: " + e.getMessage());
      return;
    }
    try {
      json(response, action.run(moderator));
    } catch (ModeratorActions.Refused e) {
      int status =
          switch (e.why()) {
            case MISSING -> 404;
            case DONE -> 409;
            case MALFORMED -> 400;
          };
      error(response, status, e.getMessage());
    } catch (JsonbException e) {
      error(response, 400, "the body is not the JSON object this request takes");
    } catch (IllegalArgumentException e) {
      error(response, 400, e.getMessage());
    }
  }

  private static void paged(HttpServletResponse response, String name, List<?> found, int page)
      throws IOException {
    json(
        response,
        Map.of(
            name,
            found.subList(0, Math.min(PAGE, found.size())),
            "page",
            page,
            "more",
            found.size() > PAGE));
  }

  private static void json(HttpServletResponse response, Object body) throws IOException {
    response.setContentType("application/json");
    response.setCharacterEncoding("UTF-8");
    response.getWriter().write(Json.JSONB.toJson(body));
  }

  private static void error(HttpServletResponse response, int status, String message)
      throws IOException {
    response.setStatus(status);
    json(response, Map.of("error", String.valueOf(message)));
  }

  private static ReportView view(ReportHistory.Entry entry) {
    var report = entry.report();
    var made = entry.resolution();
    return new ReportView(
        report.id(),
        report.at().toString(),
        report.reporter(),
        report.reported(),
        report.matchId(),
        report.reason(),
        made == null ? "open" : "resolved",
        entry.reportersLastDay(),
        made == null
            ? null
            : new ResolutionView(
                made.action().toLowerCase(Locale.ROOT),
                made.by(),
                made.at().toString(),
                made.note(),
                made.banId()));
  }

  private static BanView view(Ban ban, Instant now) {
    return new BanView(
        ban.id(),
        ban.scope().wireName(),
        ban.userId(),
        ban.shadow(),
        ban.reason(),
        ban.by(),
        ban.at().toString(),
        ban.until() == null ? null : ban.until().toString(),
        ban.activeAt(now),
        ban.liftedAt() == null ? null : ban.liftedAt().toString(),
        ban.liftedBy());
  }

  private static AuditView view(AuditLog.Entry entry) {
    return new AuditView(
        entry.at().toString(), entry.moderator(), entry.action(), entry.target(), entry.detail());
  }
}
