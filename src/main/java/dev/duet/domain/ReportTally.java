package dev.duet.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * How many distinct users reported each user lately, for the automatic protection: a report of
 * {@code reported} by {@code reporter} at {@code now} counts until {@code now + window}; the same
 * reporter again only moves its time on. The caller serialises calls and passes the time in.
 * Nothing is kept of a user whose reports have all run out once it is counted again, or at a {@link
 * #prune}.
 */
public final class ReportTally {
  private final Map<String, Map<String, Instant>> reportersByReported = new HashMap<>();

  /**
   * Records the report and returns how many distinct users reported {@code reported} within the
   * {@code window} up to {@code now}, this one included.
   */
  public int add(String reported, String reporter, Instant now, Duration window) {
    Map<String, Instant> reporters =
        reportersByReported.computeIfAbsent(reported, r -> new HashMap<>());
    Instant since = now.minus(window);
    reporters.values().removeIf(at -> !at.isAfter(since));
    reporters.put(reporter, now);
    return reporters.size();
  }

  /** Forgets reports older than {@code window} before {@code now}. */
  public void prune(Instant now, Duration window) {
    Instant since = now.minus(window);
    reportersByReported.values().forEach(r -> r.values().removeIf(at -> !at.isAfter(since)));
    reportersByReported.values().removeIf(Map::isEmpty);
  }

  /** How many reported users are remembered. */
  public int size() {
    return reportersByReported.size();
  }
}
