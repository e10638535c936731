package dev.duet.infrastructure.metrics;

import dev.duet.domain.CallReport;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;

/**
 * The call-quality metrics, from the pages' checked {@link CallReport}s: set-up time, round trip,
 * jitter, loss and bitrate as histograms with fixed buckets, calls by route and outcome, and ICE
 * restarts by result. Every series exists from the start.
 */
final class CallMeters {
  private final DistributionSummary setup;
  private final DistributionSummary rtt;
  private final DistributionSummary jitter;
  private final DistributionSummary loss;
  private final DistributionSummary bitrate;
  private final Map<CallReport.Outcome, Map<CallReport.Route, Counter>> calls =
      new EnumMap<>(CallReport.Outcome.class);
  private final Counter restartsSucceeded;
  private final Counter restartsFailed;

  CallMeters(MeterRegistry registry) {
    setup =
        histogram(
            registry,
            "duet.call.setup",
            "seconds",
            "Time from the second peer's arrival until the call connected, as the pages report it",
            0.1,
            0.25,
            0.5,
            1,
            2,
            3,
            5,
            10,
            20,
            30,
            60);
    rtt =
        histogram(
            registry,
            "duet.call.rtt",
            "seconds",
            "Round trip of the calls' audio paths, as the pages report it",
            0.01,
            0.025,
            0.05,
            0.1,
            0.2,
            0.3,
            0.5,
            1,
            2);
    jitter =
        histogram(
            registry,
            "duet.call.jitter",
            "seconds",
            "Jitter of the audio the pages receive",
            0.005,
            0.01,
            0.02,
            0.03,
            0.05,
            0.1,
            0.2,
            0.5);
    loss =
        histogram(
            registry,
            "duet.call.packet.loss",
            "ratio",
            "Share of the audio packets lost on their way to a page",
            0.001,
            0.005,
            0.01,
            0.02,
            0.05,
            0.1,
            0.2,
            0.5,
            1);
    bitrate =
        histogram(
            registry,
            "duet.call.bitrate",
            "bits_per_second",
            "Bits a second of audio a page receives",
            8_000,
            12_000,
            16_000,
            24_000,
            32_000,
            48_000,
            64_000,
            128_000);
    for (CallReport.Outcome outcome : CallReport.Outcome.values()) {
      Map<CallReport.Route, Counter> byRoute = new EnumMap<>(CallReport.Route.class);
      for (CallReport.Route route : CallReport.Route.values()) {
        byRoute.put(
            route,
            Counter.builder("duet.calls")
                .description("Sides of calls reported connected, failed to connect, or dropped")
                .tags("route", route.wireName(), "outcome", outcome.wireName())
                .register(registry));
      }
      calls.put(outcome, byRoute);
    }
    restartsSucceeded = restarts(registry, "succeeded");
    restartsFailed = restarts(registry, "failed");
  }

  void record(CallReport report) {
    if (report.outcome() != null) {
      calls.get(report.outcome()).get(report.route()).increment();
    }
    record(setup, report.setupSeconds());
    record(rtt, report.rttSeconds());
    record(jitter, report.jitterSeconds());
    record(loss, report.packetLoss());
    record(bitrate, report.bitsPerSecond());
    restartsSucceeded.increment(report.restartsSucceeded());
    restartsFailed.increment(report.restartsFailed());
  }

  private static void record(DistributionSummary summary, Double value) {
    if (value != null) {
      summary.record(value);
    }
  }

  private static Counter restarts(MeterRegistry registry, String result) {
    return Counter.builder("duet.ice.restarts")
        .description("ICE restarts the pages made, by whether the call came back")
        .tags("result", result)
        .register(registry);
  }

  private static DistributionSummary histogram(
      MeterRegistry registry, String name, String unit, String description, double... buckets) {
    return DistributionSummary.builder(name)
        .baseUnit(unit)
        .description(description)
        .serviceLevelObjectives(buckets)
        .register(registry);
  }
}
