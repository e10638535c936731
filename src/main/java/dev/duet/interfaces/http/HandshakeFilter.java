package dev.duet.interfaces.http;

import dev.duet.application.ConnectionGate;
import dev.duet.application.RateLimiter;
import dev.duet.application.settings.Settings;
import dev.duet.domain.ClientAddresses;
import dev.duet.domain.LogText;
import dev.duet.interfaces.websocket.Shutdown;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.logging.Logger;

/**
 * Guards the WebSocket handshake on {@code /ws}, before the container upgrades the connection and
 * before anything is created. Every request that asks for an upgrade in any way (an {@code Upgrade}
 * header of any value, or a {@code Sec-WebSocket-Key}) is checked, whatever its method: containers
 * upgrade on more than the standard header. The {@code Origin} must pass {@code ALLOWED_ORIGINS}
 * (else HTTP 403), the client address must be within its handshake rate ({@code
 * CONNECT_RATE_PER_MINUTE}, else 429 with {@code Retry-After}), the server must not be draining or
 * full (503), and the address must have fewer than {@code MAX_CONNECTIONS_PER_IP} connections
 * (429). An IPv6 address counts as its /64 ({@link ClientAddresses#limitedAs}). Each refusal is
 * answered with its reason as plain text and logged in one line, with the client address truncated.
 *
 * <p>The client address is the peer's, or taken from {@code X-Forwarded-For} when the peer is one
 * of {@code TRUSTED_PROXIES}; such a proxy's {@code X-Forwarded-Proto: https} also makes the
 * same-origin rule expect an {@code https} origin (TLS ends at the proxy). It is handed to the
 * endpoint through {@link #clientAddress()}, which the container's handshake, running inside this
 * filter on the same thread, copies into the session's user properties; a WebSocket session opened
 * without it was not checked here and is closed at once (1008, see {@code Opening}).
 */
public class HandshakeFilter extends HttpFilter {
  private static final Logger LOG = Logger.getLogger(HandshakeFilter.class.getName());
  private static final ThreadLocal<String> CLIENT_ADDRESS = new ThreadLocal<>();

  @Inject Settings settings;
  @Inject ConnectionGate gate;
  @Inject RateLimiter limiter;
  @Inject Shutdown shutdown;

  /** The application is going away: drain before the container closes the connections. */
  @Override
  public void destroy() {
    shutdown.drain();
  }

  /** The client address of the handshake this thread is running, or null outside one. */
  public static String clientAddress() {
    return CLIENT_ADDRESS.get();
  }

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    if (request.getHeader("Upgrade") == null && request.getHeader("Sec-WebSocket-Key") == null) {
      chain.doFilter(request, response);
      return;
    }
    String address =
        ClientAddresses.limitedAs(
            settings
                .connections()
                .trustedProxies()
                .clientIp(request.getRemoteAddr(), request.getHeader("X-Forwarded-For")));
    String origin = request.getHeader("Origin");
    boolean secure =
        request.isSecure()
            || settings.connections().trustedProxies().isProxy(request.getRemoteAddr())
                && "https".equalsIgnoreCase(request.getHeader("X-Forwarded-Proto"));
    if (!settings
        .connections()
        .allowedOrigins()
        .allows(origin, request.getHeader("Host"), secure)) {
      refuse(response, HttpServletResponse.SC_FORBIDDEN, "origin not allowed", address, origin);
      return;
    }
    if (!limiter.connect(address)) {
      response.setHeader("Retry-After", "1");
      refuse(response, 429, "too many connection attempts from your address", address, origin);
      return;
    }
    var refusal = gate.refusal(address);
    if (refusal.isPresent()) {
      int status =
          refusal.get() == ConnectionGate.Refusal.TOO_MANY_FROM_ADDRESS
              ? 429
              : HttpServletResponse.SC_SERVICE_UNAVAILABLE;
      refuse(response, status, refusal.get().reason(), address, origin);
      return;
    }
    CLIENT_ADDRESS.set(address);
    try {
      chain.doFilter(request, response);
    } finally {
      CLIENT_ADDRESS.remove();
    }
  }

  private static void refuse(
      HttpServletResponse response, int status, String reason, String address, String origin)
      throws IOException {
    LOG.info(
        () ->
            String.format(
                "event=handshake_refused status=%d reason=\"%s\" ip=%s origin=\"%s\"",
                status, reason, ClientAddresses.anonymize(address), LogText.quoted(origin)));
    response.setStatus(status);
    response.setContentType("text/plain;charset=UTF-8");
    response.getWriter().print(reason + "\n");
  }
}
