package dev.duet.domain;

import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How calls went over the last hour, from the {@link CallReport}s of this instance, one slot a
 * minute: what the admin page shows beside the metrics. Set-up times, round trips and losses are
 * kept as samples, at most {@value #SAMPLES_PER_MINUTE} of each a minute (the first ones), so the
 * memory it takes is bounded however many reports come. Thread-safe.
 */
public final class CallQuality {
  /** The samples of each figure kept a minute. */
  public static final int SAMPLES_PER_MINUTE = 256;

  private static final int MINUTES = 60;

  private final Slot[] slots = new Slot[MINUTES];

  /** What the last hour adds up to; the percentiles and shares are null when nothing was seen. */
  public record Summary(
      int minutes,
      long attempts,
      long connected,
      Double setupP50Ms,
      Double setupP95Ms,
      Double relayedShare,
      Double failureRate,
      Map<String, Long> failures,
      Map<String, Long> iceRestarts,
      Double rttP50Ms,
      Double lossP95) {}

  private static final class Slot {
    final long minute;
    final long[] outcomes = new long[CallReport.Outcome.values().length];
    long relayed;
    long restartsSucceeded;
    long restartsFailed;
    final Samples setup = new Samples();
    final Samples rtt = new Samples();
    final Samples loss = new Samples();

    Slot(long minute) {
      this.minute = minute;
    }
  }

  private static final class Samples {
    double[] values = new double[8];
    int count;

    void add(Double value) {
      if (value == null || count == SAMPLES_PER_MINUTE) {
        return;
      }
      if (count == values.length) {
        values = Arrays.copyOf(values, Math.min(SAMPLES_PER_MINUTE, count * 2));
      }
      values[count++] = value;
    }
  }

  /** Counts a report made at {@code at}. */
  public synchronized void record(CallReport report, Instant at) {
    Slot slot = slot(at.getEpochSecond() / 60);
    if (report.outcome() != null) {
      slot.outcomes[report.outcome().ordinal()]++;
    }
    if (report.outcome() == CallReport.Outcome.CONNECTED
        && (report.route() == CallReport.Route.RELAY
            || report.route() == CallReport.Route.RELAY_TCP)) {
      slot.relayed++;
    }
    slot.restartsSucceeded += report.restartsSucceeded();
    slot.restartsFailed += report.restartsFailed();
    slot.setup.add(report.setupSeconds());
    slot.rtt.add(report.rttSeconds());
    slot.loss.add(report.packetLoss());
  }

  private Slot slot(long minute) {
    int index = (int) Math.floorMod(minute, (long) MINUTES);
    if (slots[index] == null || slots[index].minute != minute) {
      slots[index] = new Slot(minute);
    }
    return slots[index];
  }

  /** The reports of the hour up to {@code now}. */
  public synchronized Summary lastHour(Instant now) {
    long current = now.getEpochSecond() / 60;
    long[] outcomes = new long[CallReport.Outcome.values().length];
    long relayed = 0;
    long succeeded = 0;
    long failed = 0;
    Samples setup = new Samples();
    Samples rtt = new Samples();
    Samples loss = new Samples();
    for (Slot slot : slots) {
      if (slot == null || slot.minute <= current - MINUTES || slot.minute > current) {
        continue;
      }
      for (int i = 0; i < outcomes.length; i++) {
        outcomes[i] += slot.outcomes[i];
      }
      relayed += slot.relayed;
      succeeded += slot.restartsSucceeded;
      failed += slot.restartsFailed;
      setup = merged(setup, slot.setup);
      rtt = merged(rtt, slot.rtt);
      loss = merged(loss, slot.loss);
    }
    long connected = outcomes[CallReport.Outcome.CONNECTED.ordinal()];
    Map<String, Long> failures = new LinkedHashMap<>();
    long notConnected = 0;
    for (CallReport.Outcome outcome : CallReport.Outcome.values()) {
      if (outcome == CallReport.Outcome.CONNECTED) {
        continue;
      }
      failures.put(outcome.wireName(), outcomes[outcome.ordinal()]);
      if (outcome != CallReport.Outcome.DROPPED) {
        notConnected += outcomes[outcome.ordinal()];
      }
    }
    long attempts = connected + notConnected;
    Map<String, Long> restarts = new LinkedHashMap<>();
    restarts.put("succeeded", succeeded);
    restarts.put("failed", failed);
    return new Summary(
        MINUTES,
        attempts,
        connected,
        times1000(percentile(setup, 0.5)),
        times1000(percentile(setup, 0.95)),
        connected == 0 ? null : (double) relayed / connected,
        attempts == 0 ? null : (double) notConnected / attempts,
        failures,
        restarts,
        times1000(percentile(rtt, 0.5)),
        percentile(loss, 0.95));
  }

  private static Samples merged(Samples into, Samples more) {
    Samples all = new Samples();
    all.values = Arrays.copyOf(into.values, into.count + more.count);
    System.arraycopy(more.values, 0, all.values, into.count, more.count);
    all.count = into.count + more.count;
    return all;
  }

  /** The nearest-rank percentile, null of no samples. */
  static Double percentile(Samples samples, double rank) {
    if (samples.count == 0) {
      return null;
    }
    double[] sorted = Arrays.copyOf(samples.values, samples.count);
    Arrays.sort(sorted);
    int index = (int) Math.ceil(rank * sorted.length) - 1;
    return sorted[Math.max(0, index)];
  }

  private static Double times1000(Double seconds) {
    return seconds == null ? null : seconds * 1000;
  }
}
