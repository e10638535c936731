package dev.duet.interfaces.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duet.testing.DuetServer;
import dev.duet.testing.PrometheusText;
import dev.duet.testing.TestClient;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Fresh ICE servers on demand ({@code refresh_ice}) and the pages' call-quality reports ({@code
 * call_stats}) on a server of their own: what a report says moves the metrics and the admin view by
 * exactly that, and a hostile or too frequent report is refused and moves nothing.
 */
@Timeout(120)
class CallTelemetryIT {
  private static final String SECRET = "turn-secret-telemetry";
  private static final String ADMIN = "admin-telemetry";
  private static DuetServer server;

  @BeforeAll
  static void start() {
    PrometheusText.requireParser();
    server =
        DuetServer.start(
            "call-telemetry",
            Map.of(
                "TURN_URLS", "turn:127.0.0.1:3478",
                "TURN_SECRET", SECRET,
                "TURN_TTL", "60s",
                "AUDIO_MAX_BITRATE", "24000",
                "ADMIN_TOKEN", ADMIN));
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  private static JsonObject quality() {
    try {
      String body =
          DuetServer.get(server.http("/admin/api"), "Authorization", "Bearer " + ADMIN).body();
      return jakarta.json.Json.createReader(new StringReader(body))
          .readObject()
          .getJsonObject("callQuality");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String stats(String payload) {
    return "{\"type\":\"call_stats\",\"payload\":" + payload + "}";
  }

  private static String hmac(String username) {
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
      return Base64.getEncoder()
          .encodeToString(mac.doFinal(username.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void theSessionSaysTheBitrateAndRefreshIceMintsCredentialsUntilItsLimit() {
    try (TestClient client = TestClient.connect(server)) {
      ServerMessage.SessionPayload hello = client.hello();
      assertEquals(24_000, hello.audioMaxBitrate());
      String first = hello.iceServers().get(0).username();
      for (int i = 1; i <= 6; i++) {
        client.send(new ClientMessage.RefreshIce("ice-" + i));
        ServerMessage.IceServers answer = client.expect(ServerMessage.IceServers.class);
        assertEquals("ice-" + i, answer.messageId());
        assertEquals("all", answer.payload().iceTransportPolicy());
        ServerMessage.IceServer turn = answer.payload().iceServers().get(0);
        assertEquals(List.of("turn:127.0.0.1:3478"), turn.urls());
        assertTrue(turn.username().endsWith(":" + client.userId()), turn.username());
        assertTrue(
            Long.parseLong(turn.username().split(":")[0]) >= Long.parseLong(first.split(":")[0]));
        assertEquals(hmac(turn.username()), turn.credential(), "coturn would accept it");
      }
      client.send(new ClientMessage.RefreshIce("ice-7"));
      assertEquals("ice-7", client.expectError("rate_limited").messageId());
    }
  }

  @Test
  void whatThePagesReportIsWhatTheMetricsAndTheAdminViewGain() {
    PrometheusText before = PrometheusText.scrape(server);
    JsonObject qualityBefore = quality();
    try (TestClient client = TestClient.connect(server)) {
      client.sendRaw(
          stats(
              "{\"event\":\"connected\",\"setupMs\":840,\"localCandidate\":\"host\","
                  + "\"remoteCandidate\":\"srflx\",\"protocol\":\"udp\",\"rttMs\":12.5,"
                  + "\"iceRestarts\":{\"succeeded\":1,\"failed\":0}}"));
      client.sendRaw(
          stats(
              "{\"event\":\"update\",\"rttMs\":20,\"jitterMs\":4,\"packetLoss\":0.02,"
                  + "\"bitrate\":30000}"));
      client.sendRaw(stats("{\"event\":\"failed\",\"reason\":\"timeout\"}"));
      client.sendRaw(
          stats(
              "{\"event\":\"ended\",\"reason\":\"dropped\",\"localCandidate\":\"relay\","
                  + "\"remoteCandidate\":\"relay\",\"protocol\":\"udp\","
                  + "\"iceRestarts\":{\"failed\":2}}"));
      client.expectNothingBefore();
    }
    PrometheusText after = PrometheusText.scrape(server);
    assertDelta(1, before, after, "duet_calls_total", "route", "srflx", "outcome", "connected");
    assertDelta(1, before, after, "duet_calls_total", "route", "none", "outcome", "timeout");
    assertDelta(1, before, after, "duet_calls_total", "route", "relay", "outcome", "dropped");
    assertEquals(3, after.sum("duet_calls_total") - before.sum("duet_calls_total"), 1e-9);
    assertDelta(1, before, after, "duet_call_setup_seconds_count");
    assertDelta(0.84, before, after, "duet_call_setup_seconds_sum");
    assertDelta(1, before, after, "duet_call_setup_seconds_bucket", "le", "1.0");
    assertDelta(0, before, after, "duet_call_setup_seconds_bucket", "le", "0.5");
    assertDelta(2, before, after, "duet_call_rtt_seconds_count");
    assertDelta(0.0325, before, after, "duet_call_rtt_seconds_sum");
    assertDelta(1, before, after, "duet_call_jitter_seconds_count");
    assertDelta(0.02, before, after, "duet_call_packet_loss_ratio_sum");
    assertDelta(30_000, before, after, "duet_call_bitrate_bits_per_second_sum");
    assertDelta(1, before, after, "duet_ice_restarts_total", "result", "succeeded");
    assertDelta(2, before, after, "duet_ice_restarts_total", "result", "failed");
    JsonObject quality = quality();
    assertEquals(
        2, quality.getInt("attempts") - qualityBefore.getInt("attempts"), quality.toString());
    assertEquals(1, quality.getInt("connected") - qualityBefore.getInt("connected"));
    assertEquals(
        1,
        quality.getJsonObject("failures").getInt("dropped")
            - qualityBefore.getJsonObject("failures").getInt("dropped"));
  }

  @Test
  void hostileReportsAreRefusedAndMoveNothing() {
    // Each hostile frame from a session of its own: a refused report still costs its token.
    PrometheusText before = PrometheusText.scrape(server);
    List<String> hostile =
        List.of(
            stats(
                "{\"event\":\"connected\",\"setupMs\":-5,\"localCandidate\":\"host\","
                    + "\"remoteCandidate\":\"host\",\"protocol\":\"udp\"}"),
            stats("{\"event\":\"update\",\"rttMs\":\"NaN\"}"),
            stats("{\"event\":\"update\",\"rttMs\":1e400}"),
            stats("{\"event\":\"update\",\"packetLoss\":2}"),
            stats("{\"event\":\"update\",\"jitterMs\":-1}"),
            stats("{\"event\":\"update\",\"bitrate\":1e12}"),
            stats("{\"event\":\"update\",\"iceRestarts\":{\"succeeded\":1000}}"),
            stats("{\"event\":\"update\",\"iceRestarts\":{\"succeeded\":1.5}}"),
            stats("{\"event\":\"connected\",\"setupMs\":100}"),
            stats("{\"event\":\"failed\",\"reason\":\"" + "x".repeat(5_000) + "\"}"),
            stats("{\"event\":\"boom\"}"),
            stats("[]"),
            "{\"type\":\"call_stats\"}");
    for (String frame : hostile) {
      try (TestClient client = TestClient.connect(server)) {
        client.sendRaw(frame);
        Object answer = client.nextFrameOrClose();
        assertTrue(
            answer instanceof String text
                && (text.contains("\"bad_message\"") || text.contains("\"bad_json\"")),
            frame + " -> " + answer);
        client.sendRaw(stats("{\"event\":\"update\",\"rttMs\":1}"));
        client.expectNothingBefore();
      }
    }
    try (TestClient flood = TestClient.connect(server)) {
      for (int i = 0; i < 6; i++) {
        flood.sendRaw(stats("{\"event\":\"update\",\"rttMs\":1}"));
      }
      flood.sendRaw(
          "{\"type\":\"call_stats\",\"messageId\":\"too-many\",\"payload\":"
              + "{\"event\":\"update\",\"rttMs\":1}}");
      assertEquals("too-many", flood.expectError("rate_limited").messageId());
      flood.expectNothingBefore();
    }
    PrometheusText after = PrometheusText.scrape(server);
    assertDelta(hostile.size() + 6, before, after, "duet_call_rtt_seconds_count");
    assertDelta((hostile.size() + 6) / 1000.0, before, after, "duet_call_rtt_seconds_sum");
    assertEquals(0, after.sum("duet_calls_total") - before.sum("duet_calls_total"), 1e-9);
    assertDelta(0, before, after, "duet_call_setup_seconds_count");
    assertDelta(0, before, after, "duet_call_packet_loss_ratio_count");
    assertDelta(0, before, after, "duet_call_bitrate_bits_per_second_count");
    assertEquals(
        0, after.sum("duet_ice_restarts_total") - before.sum("duet_ice_restarts_total"), 1e-9);
  }

  private static void assertDelta(
      double expected,
      PrometheusText before,
      PrometheusText after,
      String series,
      String... labels) {
    double delta = after.value(series, labels) - before.value(series, labels);
    assertEquals(expected, delta, 1e-9, series + " " + String.join(",", labels));
  }
}
