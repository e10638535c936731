package dev.duet.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class CallReportTest {
  private static final CallReport.Fields CONNECTED =
      new CallReport.Fields(
          "connected", 840.0, "host", "srflx", "udp", 12.5, 3.0, 0.01, 32_000.0, 1, 0, null);

  private static CallReport.Fields with(UnaryOperator<Object[]> change) {
    Object[] v = {
      CONNECTED.event(),
      CONNECTED.setupMs(),
      CONNECTED.localCandidate(),
      CONNECTED.remoteCandidate(),
      CONNECTED.protocol(),
      CONNECTED.rttMs(),
      CONNECTED.jitterMs(),
      CONNECTED.packetLoss(),
      CONNECTED.bitrate(),
      CONNECTED.restartsSucceeded(),
      CONNECTED.restartsFailed(),
      CONNECTED.reason()
    };
    v = change.apply(v);
    return new CallReport.Fields(
        (String) v[0],
        (Double) v[1],
        (String) v[2],
        (String) v[3],
        (String) v[4],
        (Double) v[5],
        (Double) v[6],
        (Double) v[7],
        (Double) v[8],
        (Integer) v[9],
        (Integer) v[10],
        (String) v[11]);
  }

  private static CallReport.Fields set(int index, Object value) {
    return with(
        v -> {
          v[index] = value;
          return v;
        });
  }

  private static void refused(CallReport.Fields fields, String why) {
    RuleViolation violation = assertThrows(RuleViolation.class, () -> CallReport.check(fields));
    assertEquals(ErrorCode.BAD_MESSAGE, violation.code());
    assertTrue(violation.getMessage().contains(why), violation.getMessage());
  }

  @Test
  void aConnectedReportIsReadInSeconds() {
    CallReport report = CallReport.check(CONNECTED);
    assertEquals(CallReport.Outcome.CONNECTED, report.outcome());
    assertEquals(CallReport.Route.SRFLX, report.route());
    assertEquals(0.84, report.setupSeconds(), 1e-9);
    assertEquals(0.0125, report.rttSeconds(), 1e-9);
    assertEquals(0.003, report.jitterSeconds(), 1e-9);
    assertEquals(0.01, report.packetLoss());
    assertEquals(32_000.0, report.bitsPerSecond());
    assertEquals(1, report.restartsSucceeded());
  }

  @Test
  void theRouteIsTheLongerSidesAndRelayOverTcpIsItsOwn() {
    assertEquals(CallReport.Route.HOST, CallReport.Route.of("host", "host", "udp"));
    assertEquals(CallReport.Route.HOST, CallReport.Route.of("prflx", "host", "udp"));
    assertEquals(CallReport.Route.SRFLX, CallReport.Route.of("prflx", "srflx", "udp"));
    assertEquals(CallReport.Route.RELAY, CallReport.Route.of("host", "relay", "udp"));
    assertEquals(CallReport.Route.RELAY, CallReport.Route.of("relay", "relay", "udp"));
    assertEquals(CallReport.Route.RELAY_TCP, CallReport.Route.of("relay", "host", "tcp"));
  }

  @Test
  void hostileFiguresAreRefusedWhole() {
    refused(set(1, -1.0), "setupMs");
    refused(set(1, Double.NaN), "setupMs");
    refused(set(1, Double.POSITIVE_INFINITY), "setupMs");
    refused(set(1, 300_001.0), "setupMs");
    refused(set(5, Double.NaN), "rttMs");
    refused(set(6, -0.5), "jitterMs");
    refused(set(7, 1.01), "packetLoss");
    refused(set(8, 2e6), "bitrate");
    refused(set(9, 21), "restartsSucceeded");
    refused(set(10, -1), "restartsFailed");
    refused(set(2, "x".repeat(300)), "localCandidate");
    refused(set(4, "sctp"), "protocol");
    refused(set(0, "CONNECTED"), "event");
    refused(set(0, null), "event");
  }

  @Test
  void eachEventHasTheFieldsItNeedsAndNoOthers() {
    refused(set(1, null), "connected needs setupMs");
    refused(
        with(
            v -> {
              v[2] = v[3] = v[4] = null;
              return v;
            }),
        "connected needs localCandidate");
    refused(set(11, "timeout"), "reason is only");
    CallReport.Fields failed =
        new CallReport.Fields(
            "failed", null, null, null, null, null, null, null, null, 0, 2, "ice_failed");
    CallReport report = CallReport.check(failed);
    assertEquals(CallReport.Outcome.ICE_FAILED, report.outcome());
    assertEquals(CallReport.Route.NONE, report.route());
    assertEquals(2, report.restartsFailed());
    refused(
        new CallReport.Fields(
            "failed", null, null, null, null, null, null, null, null, null, null, "dropped"),
        "reason of failed");
    refused(
        new CallReport.Fields(
            "failed", null, "host", "host", "udp", null, null, null, null, null, null, "timeout"),
        "failed has no route");
    refused(
        new CallReport.Fields(
            "update", 10.0, null, null, null, null, null, null, null, null, null, null),
        "setupMs is only");
    CallReport dropped =
        CallReport.check(
            new CallReport.Fields(
                "ended", null, "relay", "relay", "udp", 40.0, null, 0.2, null, 0, 5, "dropped"));
    assertEquals(CallReport.Outcome.DROPPED, dropped.outcome());
    assertEquals(CallReport.Route.RELAY, dropped.route());
    CallReport ended =
        CallReport.check(
            new CallReport.Fields(
                "ended", null, null, null, null, null, null, null, null, null, null, null));
    assertNull(ended.outcome());
    assertEquals(CallReport.Route.NONE, ended.route());
  }
}
