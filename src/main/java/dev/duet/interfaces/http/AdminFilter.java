package dev.duet.interfaces.http;

import dev.duet.application.settings.Settings;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Guards {@code /admin}: it does not exist (404) unless {@code ADMIN_TOKEN} is set, and its data
 * ({@code /admin/api}) needs {@code Authorization: Bearer TOKEN} (else 401). The page itself holds
 * no data; it asks for the token and sends it as that header. Tokens are compared in constant time
 * and never logged.
 */
@WebFilter({"/admin", "/admin/*"})
public class AdminFilter extends HttpFilter {
  static final String API = "/admin/api";

  @Inject Settings settings;

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    String token = settings.adminToken();
    if (token.isEmpty()) {
      response.sendError(HttpServletResponse.SC_NOT_FOUND);
      return;
    }
    String path =
        request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
    if (path.equals("/admin")) {
      response.sendRedirect(request.getContextPath() + "/admin/");
      return;
    }
    response.setHeader("Cache-Control", "no-store");
    response.setHeader("Referrer-Policy", "no-referrer");
    response.setHeader("X-Frame-Options", "DENY");
    response.setHeader("X-Content-Type-Options", "nosniff");
    response.setHeader("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'");
    boolean api = path.equals(API) || path.startsWith(API + "/");
    if (api && !authorized(request.getHeader("Authorization"), token)) {
      response.setHeader("WWW-Authenticate", "Bearer realm=\"duet-admin\"");
      response.sendError(HttpServletResponse.SC_UNAUTHORIZED);
      return;
    }
    chain.doFilter(request, response);
  }

  static boolean authorized(String header, String token) {
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return false;
    }
    return MessageDigest.isEqual(
        header.substring(7).trim().getBytes(StandardCharsets.UTF_8),
        token.getBytes(StandardCharsets.UTF_8));
  }
}
