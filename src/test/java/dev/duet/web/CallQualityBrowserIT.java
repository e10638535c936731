package dev.duet.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Page;
import dev.duet.testing.Awaits;
import dev.duet.testing.Browsers;
import dev.duet.testing.DuetServer;
import dev.duet.testing.PrometheusText;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Audio that suits mobile data and the telemetry of a real call, on a server of its own: Opus with
 * FEC and DTX in both descriptions, {@code AUDIO_MAX_BITRATE} and "Data saver" in the sender's
 * parameters, and the metrics moving by exactly what the two pages reported.
 */
@Timeout(180)
class CallQualityBrowserIT {
  private static final Duration CONNECT = Duration.ofSeconds(10);
  private static final String ADMIN = "admin-" + UUID.randomUUID();

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> reports(Person person) {
    return ((List<Map<String, Object>>) person.page().evaluate("window.duet.sent('call_stats')"))
        .stream().map(frame -> (Map<String, Object>) frame.get("payload")).toList();
  }

  private static List<Map<String, Object>> reports(Person[] people, String event) {
    return java.util.Arrays.stream(people)
        .flatMap(person -> reports(person).stream())
        .filter(report -> event.equals(report.get("event")))
        .toList();
  }

  @Test
  void opusSuitsMobileDataAndTheMetricsGainWhatThePagesReported() {
    PrometheusText.requireParser();
    try (DuetServer server =
            DuetServer.start(
                "call-quality", Map.of("AUDIO_MAX_BITRATE", "24000", "ADMIN_TOKEN", ADMIN));
        Browsers browsers = new Browsers()) {
      PrometheusText before = PrometheusText.scrape(server);
      String url = server.http("/?room=quality-" + UUID.randomUUID()).toString();
      Person alice = new Person(browsers.person());
      alice.page().navigate(url);
      alice.awaitState("waiting", CONNECT);
      Person bob = new Person(browsers.person());
      bob.page().navigate(url);
      Person[] people = {alice, bob};
      for (Person person : people) {
        person.awaitConnected(CONNECT);
        person.awaitAudioFrom("the other side");
      }
      for (Person person : people) {
        @SuppressWarnings("unchecked")
        Map<String, String> sdp = (Map<String, String>) person.page().evaluate("window.duet.sdp()");
        for (String side : new String[] {"local", "remote"}) {
          String fmtp =
              sdp.get(side)
                  .lines()
                  .filter(line -> line.startsWith("a=fmtp:") && line.contains("useinbandfec"))
                  .findFirst()
                  .orElse("");
          assertTrue(fmtp.contains("useinbandfec=1"), side + ": " + fmtp);
          assertTrue(fmtp.contains("usedtx=1"), side + ": " + fmtp);
          assertTrue(fmtp.contains("maxaveragebitrate=24000"), side + ": " + fmtp);
        }
        Awaits.until(
            CONNECT,
            () ->
                Integer.valueOf(24_000)
                    .equals(person.page().evaluate("window.duet.senderMaxBitrate()")),
            () -> "sender cap " + person.page().evaluate("window.duet.senderMaxBitrate()"));
      }
      Awaits.until(
          CONNECT,
          () ->
              alice.page().textContent("#stat-audio").contains("FEC on, DTX on, at most 24 kbit/s"),
          () -> alice.page().textContent("#stat-audio"));
      alice.page().check("#data-saver");
      Awaits.until(
          CONNECT,
          () ->
              Integer.valueOf(12_000)
                  .equals(alice.page().evaluate("window.duet.senderMaxBitrate()")),
          () -> "data saver cap " + alice.page().evaluate("window.duet.senderMaxBitrate()"));
      Awaits.until(
          CONNECT,
          () -> alice.page().textContent("#stat-audio").contains("at most 12 kbit/s"),
          () -> alice.page().textContent("#stat-audio"));
      Browsers.screenshot(alice.page(), "call-data-saver");

      Awaits.until(
          CONNECT,
          () -> reports(people, "connected").size() == 2,
          () -> "connected reports: " + reports(people, "connected"));
      alice.page().click("#hangup");
      bob.awaitState("waiting", CONNECT);
      Awaits.until(
          CONNECT,
          () -> reports(people, "ended").size() == 2,
          () -> "ended reports: " + reports(people, "ended"));
      List<Map<String, Object>> connected = reports(people, "connected");
      double setup = 0;
      for (Map<String, Object> report : connected) {
        assertEquals("host", report.get("localCandidate"), report.toString());
        assertEquals("udp", report.get("protocol"), report.toString());
        setup += ((Number) report.get("setupMs")).doubleValue() / 1000;
      }
      double expectedSetup = setup;
      System.out.println("CALL_STATS connected reports: " + connected);
      Awaits.until(
          CONNECT,
          () -> {
            PrometheusText after = PrometheusText.scrape(server);
            return delta(before, after, "duet_call_setup_seconds_count") == 2
                && Math.abs(delta(before, after, "duet_call_setup_seconds_sum") - expectedSetup)
                    < 1e-9
                && delta(before, after, "duet_calls_total", "route", "host", "outcome", "connected")
                    == 2
                && after.sum("duet_calls_total") - before.sum("duet_calls_total") == 2;
          },
          () -> "metrics: " + PrometheusText.scrape(server).family("duet_call_setup_seconds"));
      Page admin = browsers.productionPerson();
      admin.navigate(server.http("/admin/").toString());
      admin.fill("#token", ADMIN);
      admin.fill("#login-name", "quality");
      admin.click("#login button[type=submit]");
      admin.waitForSelector("[data-quality='connected'][data-value='2']");
      assertEquals("2", admin.getAttribute("[data-quality='attempts']", "data-value"));
      assertEquals("0", admin.getAttribute("[data-quality='relayedShare']", "data-value"));
      double p50 =
          Double.parseDouble(admin.getAttribute("[data-quality='setupP50Ms']", "data-value"));
      assertTrue(
          connected.stream()
              .anyMatch(r -> Math.abs(((Number) r.get("setupMs")).doubleValue() - p50) < 1e-6),
          "p50 " + p50 + " is one of " + connected);
      Browsers.screenshot(admin, "admin-call-quality");
    }
  }

  private static double delta(
      PrometheusText before, PrometheusText after, String series, String... labels) {
    return after.value(series, labels) - before.value(series, labels);
  }
}
