package dev.duet.infrastructure.memory;

import dev.duet.application.port.ReportCounts;
import dev.duet.domain.ReportTally;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import java.time.Duration;
import java.time.Instant;

/**
 * The report counts of a single instance ({@link ReportTally}); users whose reports ran out are
 * forgotten every thousand reports.
 */
@ApplicationScoped
@Typed(InMemoryReportCounts.class)
public class InMemoryReportCounts implements ReportCounts {
  private static final int PRUNE_EVERY = 1_000;
  private final ReportTally tally = new ReportTally();
  private int sincePrune;

  @Override
  public synchronized int add(String reported, String reporter, Instant now, Duration window) {
    if (++sincePrune >= PRUNE_EVERY) {
      sincePrune = 0;
      tally.prune(now, window);
    }
    return tally.add(reported, reporter, now, window);
  }
}
