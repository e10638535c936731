package dev.duet.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The liveness rule: Duet is stuck when periodic work that people are waiting on has stopped
 * completing. Slow work is not stuck, and neither is idle work: without anybody waiting, a late run
 * harms no one, so only a restart that helps somebody is asked for.
 */
public final class Progress {
  private Progress() {}

  /**
   * Why {@code work} counts as stuck, or empty when it does not: it last completed at {@code
   * lastCompleted}, more than {@code limit} before {@code now}, while {@code waiting} users wait
   * for it.
   */
  public static Optional<String> stuck(
      String work, Instant lastCompleted, Instant now, Duration limit, int waiting) {
    Duration since = Duration.between(lastCompleted, now);
    if (waiting == 0 || since.compareTo(limit) <= 0) {
      return Optional.empty();
    }
    return Optional.of(
        work
            + " has not completed for "
            + since.toSeconds()
            + " s (limit "
            + limit.toSeconds()
            + " s) while "
            + waiting
            + (waiting == 1 ? " user waits" : " users wait"));
  }
}
