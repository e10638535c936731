package dev.duet.application;

import dev.duet.application.port.Metrics;
import dev.duet.domain.CallQuality;
import dev.duet.domain.CallReport;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;

/**
 * The pages' call-quality reports ({@code call_stats}): each is checked ({@link CallReport}), then
 * counted in the metrics and in the last hour's {@link CallQuality} of this instance, and
 * forgotten. Nothing here knows who sent it.
 */
@ApplicationScoped
public class CallTelemetry {
  private final CallQuality quality = new CallQuality();

  @Inject Metrics metrics;
  @Inject Clock clock;

  /** Counts a report; a report that breaks a rule is refused whole and counts nothing. */
  public void report(CallReport.Fields fields) {
    CallReport report = CallReport.check(fields);
    metrics.callReported(report);
    quality.record(report, clock.instant());
  }

  /** How calls went over the last hour on this instance. */
  public CallQuality.Summary lastHour() {
    return quality.lastHour(clock.instant());
  }
}
