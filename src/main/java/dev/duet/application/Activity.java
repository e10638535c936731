package dev.duet.application;

import dev.duet.domain.ActivityHistory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.List;

/**
 * The last hour of activity for the admin view: a sample of open connections and of matches made
 * every minute, kept in memory ({@link Housekeeping} takes the samples).
 */
@ApplicationScoped
public class Activity {
  /** Samples kept: one an hour at one a minute. */
  static final int SAMPLES = 60;

  private final ActivityHistory history = new ActivityHistory(SAMPLES);

  @Inject ConnectionGate gate;
  @Inject MatchService matches;
  @Inject Clock clock;

  /** Takes a sample of the live figures now. */
  public void sample() {
    history.record(clock.instant(), gate.open(), matches.stats().made());
  }

  /** The samples of the last hour, oldest first. */
  public List<ActivityHistory.Sample> lastHour() {
    return history.samples();
  }
}
