package dev.duet.interfaces.http;

import dev.duet.application.port.MetricsReport;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * {@code GET /metrics}: every metric in the Prometheus text format, or in OpenMetrics when the
 * scraper asks for it in {@code Accept}, as Prometheus does.
 */
@WebServlet("/metrics")
public class MetricsServlet extends HttpServlet {

  @Inject MetricsReport metrics;

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    MetricsReport.Text text = metrics.render(request.getHeader("Accept"));
    response.setContentType(text.contentType());
    response.setHeader("Cache-Control", "no-store");
    response.getWriter().write(text.body());
  }
}
