package dev.duet.interfaces.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duet.interfaces.websocket.ClientMessage;
import dev.duet.interfaces.websocket.Json;
import dev.duet.interfaces.websocket.ServerMessage;
import dev.duet.testing.Awaits;
import dev.duet.testing.DuetServer;
import dev.duet.testing.PrometheusText;
import dev.duet.testing.Signal;
import dev.duet.testing.TestClient;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code /metrics} is scraped and parsed by Prometheus' own text parser, and every counter, gauge
 * and histogram moves by exactly what the traffic did: a room call's signaling, a message to a
 * stranger, a random match and a skip, a flood over the rate limit, and the closes.
 */
class MetricsIT {
  private static DuetServer server;

  @BeforeAll
  static void start() {
    PrometheusText.requireParser();
    server =
        DuetServer.start(
            "metrics", Map.of("RATE_LIMIT_PER_MINUTE", "60", "RATE_LIMIT_BURST", "20"));
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  private static HttpResponse<String> get(String accept) {
    try {
      return DuetServer.get(server.http("/metrics"), "Accept", accept);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static PrometheusText scrape() {
    HttpResponse<String> response = get("text/plain;version=0.0.4;q=0.5,*/*;q=0.1");
    assertEquals(200, response.statusCode());
    assertTrue(
        response.headers().firstValue("content-type").orElse("").startsWith("text/plain"),
        response.headers().toString());
    return PrometheusText.parse(response.body());
  }

  @Test
  void everyMetricIsExposedWithItsTypeBeforeAnyTraffic() {
    PrometheusText metrics = scrape();
    for (String counter :
        new String[] {
          "duet_matches_made",
          "duet_matches_ended",
          "duet_messages_relayed",
          "duet_errors",
          "duet_rate_limited",
          "duet_connections_closed",
          "duet_sessions_resumed",
          "duet_reports",
          "duet_bans_enforced",
          "duet_challenges",
          "duet_calls",
          "duet_ice_restarts"
        }) {
      assertEquals("counter", metrics.type(counter), counter);
    }
    for (String gauge :
        new String[] {
          "duet_connections_open",
          "duet_sessions",
          "duet_rooms",
          "duet_queue_waiting_users",
          "duet_matches_active",
          "duet_persistence_queue_writes",
          "duet_persistence_lag_seconds",
          "duet_bans_active",
          "duet_shadow_banned_waiting",
          "jvm_memory_used_bytes"
        }) {
      assertEquals("gauge", metrics.type(gauge), gauge);
    }
    assertEquals("histogram", metrics.type("duet_relay_latency_seconds"));
    assertEquals("histogram", metrics.type("duet_match_wait_seconds"));
    for (String histogram :
        new String[] {
          "duet_call_setup_seconds",
          "duet_call_rtt_seconds",
          "duet_call_jitter_seconds",
          "duet_call_packet_loss_ratio",
          "duet_call_bitrate_bits_per_second"
        }) {
      assertEquals("histogram", metrics.type(histogram), histogram);
    }
    assertEquals(0, metrics.value("duet_calls_total", "route", "relay", "outcome", "connected"));
    assertEquals(0, metrics.value("duet_ice_restarts_total", "result", "failed"));
    assertEquals(0, metrics.value("duet_sessions_resumed_total"));
    assertEquals(0, metrics.value("duet_errors_total", "code", "room_full"));
    assertEquals(0, metrics.value("duet_matches_ended_total", "reason", "hangup"));
    assertEquals(0, metrics.value("duet_bans_enforced_total", "scope", "network"));
    assertEquals(0, metrics.value("duet_bans_active", "scope", "device"));
    assertTrue(metrics.value("duet_persistence_lag_seconds") >= 0);

    for (String name : dashboardMetrics()) {
      assertTrue(metrics.hasSeries(name), name + " of the Grafana dashboard is not in the scrape");
    }

    HttpResponse<String> openMetrics =
        get("application/openmetrics-text;version=1.0.0,text/plain;q=0.5");
    assertEquals(200, openMetrics.statusCode());
    assertTrue(
        openMetrics
            .headers()
            .firstValue("content-type")
            .orElse("")
            .startsWith("application/openmetrics-text"),
        openMetrics.headers().toString());
  }

  @Test
  void countersGaugesAndHistogramsMoveByWhatTheTrafficDid() {
    PrometheusText before = scrape();
    int limited = 0;
    try (TestClient a = TestClient.connect(server);
        TestClient b = TestClient.connect(server);
        TestClient c = TestClient.connect(server);
        TestClient d = TestClient.connect(server);
        TestClient flooder = TestClient.connect(server)) {
      a.send(new ClientMessage.JoinRoom("metrics-room", null, null));
      a.expect(ServerMessage.RoomJoined.class);
      b.send(new ClientMessage.JoinRoom("metrics-room", null, null));
      b.expect(ServerMessage.RoomJoined.class);
      b.expect(ServerMessage.AssignRole.class);
      a.send(new Signal.Offer(b.userId(), JsonValue.EMPTY_JSON_OBJECT, "o"));
      b.expect(ServerMessage.Offer.class);
      for (int i = 0; i < 3; i++) {
        a.send(new Signal.Candidate(b.userId(), JsonValue.EMPTY_JSON_OBJECT, "c" + i));
        b.expect(ServerMessage.Candidate.class);
      }
      a.send(new Signal.Offer(c.userId(), JsonValue.EMPTY_JSON_OBJECT, "stranger"));
      assertEquals("not_your_peer", nextError(a).payload().code());

      c.send(new ClientMessage.RequestRandomPeer(null, null));
      c.expect(ServerMessage.Waiting.class);
      d.send(new ClientMessage.RequestRandomPeer(null, null));
      d.expect(ServerMessage.Waiting.class);
      d.expect(ServerMessage.AssignRole.class);
      c.expect(ServerMessage.AssignRole.class);
      c.send(new ClientMessage.RequestRandomPeer(null, null));
      d.expect(ServerMessage.PeerLeft.class);
      c.expect(ServerMessage.Waiting.class);

      for (int i = 0; i < 40; i++) {
        flooder.send(new ClientMessage.Ping("p" + i));
      }
      for (int i = 0; i < 40; i++) {
        if (Json.JSONB.fromJson(flooder.nextRaw(), ServerMessage.class)
            instanceof ServerMessage.Error error) {
          assertEquals("rate_limited", error.payload().code());
          limited++;
        }
      }
      assertTrue(limited >= 15, limited + " of 40 pings over a burst of 20 were limited");

      PrometheusText during = scrape();
      assertEquals(1, delta(before, during, "duet_messages_relayed_total", "type", "webrtc_offer"));
      assertEquals(
          3, delta(before, during, "duet_messages_relayed_total", "type", "webrtc_candidate"));
      assertEquals(4, delta(before, during, "duet_relay_latency_seconds_count"));
      assertEquals(4, delta(before, during, "duet_relay_latency_seconds_bucket", "le", "+Inf"));
      assertTrue(delta(before, during, "duet_relay_latency_seconds_sum") > 0);
      assertEquals(1, delta(before, during, "duet_errors_total", "code", "not_your_peer"));
      assertEquals(limited, delta(before, during, "duet_errors_total", "code", "rate_limited"));
      assertEquals(limited, delta(before, during, "duet_rate_limited_total", "action", "dropped"));
      assertEquals(1, delta(before, during, "duet_matches_made_total"));
      assertEquals(1, delta(before, during, "duet_matches_ended_total", "reason", "skipped"));
      assertEquals(2, delta(before, during, "duet_match_wait_seconds_count"));
      assertEquals(5, during.value("duet_connections_open"));
      assertEquals(5, during.value("duet_sessions", "state", "connected"));
      assertEquals(1, during.value("duet_rooms", "state", "active"));
      assertEquals(1, during.value("duet_queue_waiting_users"), "c waits after skipping d");
      assertEquals(0, during.value("duet_matches_active"));
    }
    Awaits.until(
        Duration.ofSeconds(10),
        () -> scrape().value("duet_connections_open") == 0,
        () -> "connections still open");
    PrometheusText after = scrape();
    assertEquals(
        5,
        after.sum("duet_connections_closed_total") - before.sum("duet_connections_closed_total"),
        "each close counted once (1000, or 1013 when a notification to a closing client failed)");
    assertTrue(delta(before, after, "duet_connections_closed_total", "code", "1000") >= 1);
    assertEquals(0, after.value("duet_sessions", "state", "connected"));
    assertEquals(0, after.value("duet_queue_waiting_users"));
    assertEquals(0, delta(before, after, "duet_sessions_resumed_total"));
  }

  /** The {@code duet_} series the sample Grafana dashboard queries. */
  private static Set<String> dashboardMetrics() {
    try {
      String dashboard =
          Files.readString(
              Path.of(
                  System.getProperty("duet.server.config", "server-config"),
                  "grafana/duet-dashboard.json"));
      Set<String> names = new TreeSet<>();
      Matcher name = Pattern.compile("\\bduet_[a-z_]+").matcher(dashboard);
      while (name.find()) {
        names.add(name.group());
      }
      assertTrue(names.size() > 10, names.toString());
      return names;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ServerMessage.Error nextError(TestClient client) {
    while (true) {
      if (Json.JSONB.fromJson(client.nextRaw(), ServerMessage.class)
          instanceof ServerMessage.Error error) {
        return error;
      }
    }
  }

  private static double delta(
      PrometheusText before, PrometheusText after, String series, String... labels) {
    return after.value(series, labels) - before.value(series, labels);
  }
}
