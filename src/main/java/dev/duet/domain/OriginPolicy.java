package dev.duet.domain;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which web pages may open the WebSocket: the check of the handshake's {@code Origin} header,
 * configured by {@code ALLOWED_ORIGINS}.
 *
 * <p>The setting is a comma-separated list of origins {@code scheme://host[:port]} (http or https,
 * no user info, path, query or fragment, not even a trailing slash), or {@code *} alone for any
 * origin. Empty or unset means same-origin only. A list replaces the same-origin default, so it
 * names the server's own origin too.
 *
 * <p>The rules, in order:
 *
 * <ul>
 *   <li>No {@code Origin} header: allowed. Browsers always send one; other clients need not.
 *   <li>{@code Origin: null} (sandboxed frames, {@code file:} pages), an empty or malformed header,
 *       or a scheme other than http and https: refused, even with {@code *}.
 *   <li>A list: allowed if the origin equals an entry. The scheme, host and port all count; host
 *       and scheme ignore case, and a default port is the same as none ({@code https://a.com:443}
 *       is {@code https://a.com}). Subdomains are other hosts.
 *   <li>Same-origin: allowed if the origin's host and port equal those of the {@code Host} header.
 *       The schemes are not compared, and a {@code Host} without a port means port 443 when the
 *       request came over TLS, else the default port of the origin's scheme: a plain request may
 *       have come through a proxy that ended TLS, and then the origin's scheme is the best witness
 *       of what the browser connected to. A proxy that rewrites {@code Host} needs a list.
 * </ul>
 *
 * <p>IPv6 hosts are written in brackets ({@code http://[::1]:8080}) and compared by address.
 */
public final class OriginPolicy {
  private static final String SETTING = "ALLOWED_ORIGINS";
  private static final Pattern ORIGIN =
      Pattern.compile(
          "([A-Za-z][A-Za-z0-9+.-]*)://(\\[[0-9A-Fa-f:.]+]|[A-Za-z0-9._-]+)(?::(\\d{1,5}))?");
  private static final Pattern HOST =
      Pattern.compile("(\\[[0-9A-Fa-f:.]+]|[A-Za-z0-9._-]+)(?::(\\d{1,5}))?");

  private final boolean anyOrigin;
  private final Set<Origin> allowed;

  private OriginPolicy(boolean anyOrigin, Set<Origin> allowed) {
    this.anyOrigin = anyOrigin;
    this.allowed = allowed;
  }

  /**
   * The policy for an {@code ALLOWED_ORIGINS} value; {@code null} or blank is same-origin. Throws
   * {@link IllegalArgumentException} naming the entry that is not an origin.
   */
  public static OriginPolicy parse(String setting) {
    if (setting == null || setting.isBlank()) {
      return new OriginPolicy(false, Set.of());
    }
    Set<Origin> allowed = new LinkedHashSet<>();
    boolean any = false;
    for (String raw : setting.split(",", -1)) {
      String entry = raw.strip();
      if (entry.isEmpty()) {
        continue;
      }
      if (entry.equals("*")) {
        any = true;
        continue;
      }
      allowed.add(Origin.parse(entry).orElseThrow(() -> badEntry(entry)));
    }
    if (any && !allowed.isEmpty()) {
      throw new IllegalArgumentException(
          SETTING + ": * allows every origin and cannot be combined with a list of origins");
    }
    return new OriginPolicy(any, Set.copyOf(allowed));
  }

  /**
   * Whether a handshake with these headers may open the WebSocket; {@code secureRequest} is whether
   * it reached this server over TLS.
   */
  public boolean allows(String originHeader, String hostHeader, boolean secureRequest) {
    if (originHeader == null) {
      return true;
    }
    Optional<Origin> parsed = Origin.parse(originHeader);
    if (parsed.isEmpty()) {
      return false;
    }
    Origin origin = parsed.get();
    if (anyOrigin) {
      return true;
    }
    if (!allowed.isEmpty()) {
      return allowed.contains(origin);
    }
    if (hostHeader == null) {
      return false;
    }
    Matcher host = HOST.matcher(hostHeader);
    if (!host.matches()) {
      return false;
    }
    Optional<String> hostName = normalizeHost(host.group(1));
    int port =
        host.group(2) != null
            ? parsePort(host.group(2))
            : secureRequest ? 443 : defaultPort(origin.scheme);
    return hostName.isPresent() && hostName.get().equals(origin.host) && port == origin.port;
  }

  @Override
  public String toString() {
    if (anyOrigin) {
      return "*";
    }
    return allowed.isEmpty() ? "same-origin" : allowed.toString();
  }

  private static IllegalArgumentException badEntry(String entry) {
    String why;
    int schemeEnd = entry.indexOf("://");
    String scheme = schemeEnd < 0 ? "" : entry.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
    String rest = schemeEnd < 0 ? entry : entry.substring(schemeEnd + 3);
    if (schemeEnd < 0) {
      why = "it has no scheme";
    } else if (!scheme.equals("http") && !scheme.equals("https")) {
      why = "the scheme must be http or https";
    } else if (rest.contains("@")) {
      why = "an origin has no user info";
    } else if (rest.contains("/") || rest.contains("?") || rest.contains("#")) {
      why = "an origin has no path, query or fragment, not even a trailing /";
    } else {
      why = "the host or port is not valid";
    }
    return new IllegalArgumentException(
        SETTING + ": \"" + entry + "\" is not an origin: " + why + "; write scheme://host[:port]");
  }

  private static int defaultPort(String scheme) {
    return scheme.equals("https") ? 443 : 80;
  }

  private static int parsePort(String digits) {
    int port = Integer.parseInt(digits);
    return port >= 1 && port <= 65535 ? port : -1;
  }

  private static Optional<String> normalizeHost(String host) {
    if (host.startsWith("[")) {
      return IpAddress.parse(host.substring(1, host.length() - 1))
          .filter(IpAddress::isV6)
          .map(address -> "[" + address + "]");
    }
    return Optional.of(host.toLowerCase(Locale.ROOT));
  }

  private record Origin(String scheme, String host, int port) {
    static Optional<Origin> parse(String text) {
      Matcher m = ORIGIN.matcher(text);
      if (!m.matches()) {
        return Optional.empty();
      }
      String scheme = m.group(1).toLowerCase(Locale.ROOT);
      if (!scheme.equals("http") && !scheme.equals("https")) {
        return Optional.empty();
      }
      int port = m.group(3) == null ? defaultPort(scheme) : parsePort(m.group(3));
      if (port < 0) {
        return Optional.empty();
      }
      return normalizeHost(m.group(2)).map(host -> new Origin(scheme, host, port));
    }

    @Override
    public String toString() {
      return scheme + "://" + host + ":" + port;
    }
  }
}
