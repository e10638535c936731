package dev.duet.application.port;

import java.time.Duration;
import java.time.Instant;

/**
 * Port: how many distinct users reported a user lately, with the rule of the domain {@code
 * ReportTally}, counted across every instance of a cluster (Redis) or in memory.
 */
public interface ReportCounts {

  /**
   * Counts the report of {@code reported} by {@code reporter} at {@code now}; returns how many
   * distinct users reported {@code reported} within {@code window} up to {@code now}.
   */
  int add(String reported, String reporter, Instant now, Duration window);
}
