package dev.duet.application.port;

/** Port: every metric as text, in the format a scraper asks for. */
public interface MetricsReport {

  /** A rendering of the metrics and its content type. */
  record Text(String contentType, String body) {}

  /** The metrics in the format the HTTP {@code Accept} header (may be null) prefers. */
  Text render(String accept);
}
