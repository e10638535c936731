package dev.duet.interfaces.http;

import dev.duet.interfaces.websocket.Json;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** {@code GET /stats}: a small JSON object of live counters, for scripts and dashboards. */
@WebServlet("/stats")
public class StatsServlet extends HttpServlet {

  @Inject LiveCounters counters;

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    response.setContentType("application/json");
    response.setCharacterEncoding("UTF-8");
    response.setHeader("Cache-Control", "no-store");
    response.getWriter().write(Json.JSONB.toJson(counters.now()));
  }
}
