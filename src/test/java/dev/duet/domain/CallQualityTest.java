package dev.duet.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class CallQualityTest {
  private static final Instant T0 = Instant.parse("2026-12-07T12:00:00Z");

  private static CallReport connected(double setupMs, String local) {
    return CallReport.check(
        new CallReport.Fields(
            "connected", setupMs, local, "host", "udp", 20.0, null, null, null, null, null, null));
  }

  private static CallReport failed(String reason, int restartsFailed) {
    return CallReport.check(
        new CallReport.Fields(
            "failed", null, null, null, null, null, null, null, null, 0, restartsFailed, reason));
  }

  @Test
  void nothingReportedSaysSo() {
    CallQuality.Summary summary = new CallQuality().lastHour(T0);
    assertEquals(0, summary.attempts());
    assertNull(summary.setupP50Ms());
    assertNull(summary.relayedShare());
    assertNull(summary.failureRate());
    assertNull(summary.lossP95());
  }

  @Test
  void theLastHourAddsUpAndOlderMinutesFallOut() {
    CallQuality quality = new CallQuality();
    for (int i = 1; i <= 20; i++) {
      quality.record(connected(i * 100, i <= 5 ? "relay" : "host"), T0.plusSeconds(i));
    }
    quality.record(failed("timeout", 0), T0.plusSeconds(30));
    quality.record(failed("ice_failed", 3), T0.plusSeconds(30));
    quality.record(
        CallReport.check(
            new CallReport.Fields(
                "ended", null, "host", "host", "udp", null, null, 0.5, null, 2, 1, "dropped")),
        T0.plusSeconds(40));
    CallQuality.Summary summary = quality.lastHour(T0.plus(Duration.ofMinutes(59)));
    assertEquals(22, summary.attempts());
    assertEquals(20, summary.connected());
    assertEquals(1000, summary.setupP50Ms(), 1e-9);
    assertEquals(1900, summary.setupP95Ms(), 1e-9);
    assertEquals(0.25, summary.relayedShare());
    assertEquals(2.0 / 22, summary.failureRate(), 1e-12);
    assertEquals(1L, summary.failures().get("timeout"));
    assertEquals(1L, summary.failures().get("ice_failed"));
    assertEquals(0L, summary.failures().get("no_candidates"));
    assertEquals(1L, summary.failures().get("dropped"));
    assertEquals(2L, summary.iceRestarts().get("succeeded"));
    assertEquals(4L, summary.iceRestarts().get("failed"));
    assertEquals(20, summary.rttP50Ms(), 1e-9);
    assertEquals(0.5, summary.lossP95());
    assertEquals(0, quality.lastHour(T0.plus(Duration.ofMinutes(61))).attempts());
  }

  @Test
  void aFloodKeepsAtMostItsSamplesAMinute() {
    CallQuality quality = new CallQuality();
    for (int i = 0; i < 10_000; i++) {
      quality.record(connected(i < CallQuality.SAMPLES_PER_MINUTE ? 100 : 90_000, "host"), T0);
    }
    CallQuality.Summary summary = quality.lastHour(T0);
    assertEquals(10_000, summary.attempts(), "every report counted");
    assertEquals(100, summary.setupP95Ms(), 1e-9, "only the first samples kept");
  }
}
