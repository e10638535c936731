package dev.duet.web;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Page;
import dev.duet.testing.Awaits;
import dev.duet.testing.DuetServer;
import java.time.Duration;
import java.util.Map;

/** One person's page, with the checks the browser tests make on it. */
record Person(Page page) {

  /** A page of {@code server} that has pressed "Talk to a stranger". */
  static Person stranger(Page page, DuetServer server) {
    page.navigate(server.http("/").toString());
    page.click("#find-stranger");
    return new Person(page);
  }

  String state() {
    return (String) page.evaluate("document.getElementById('app').dataset.state");
  }

  void awaitState(String state, Duration timeout) {
    Awaits.until(
        timeout, () -> state.equals(state()), () -> "page state is " + state() + ": " + status());
  }

  String status() {
    return page.textContent("#status");
  }

  String iceState() {
    return (String) page.evaluate("window.duet.iceState()");
  }

  void awaitConnected(Duration timeout) {
    Awaits.until(
        timeout,
        () -> "connected".equals(iceState()) || "completed".equals(iceState()),
        () -> "ICE is " + iceState() + ", page says: " + status());
  }

  @SuppressWarnings("unchecked")
  Map<String, Object> inbound() {
    Object stats = page.evaluate("window.duet.stats()");
    return stats == null ? Map.of() : (Map<String, Object>) stats;
  }

  static double number(Map<String, Object> stats, String key) {
    Object value = stats.get(key);
    return value == null ? 0 : ((Number) value).doubleValue();
  }

  /** Waits until packets, bytes and audio energy received from the other side all grow. */
  void awaitAudioFrom(String who) {
    Map<String, Object> before = inbound();
    Awaits.until(
        Duration.ofSeconds(5),
        () -> {
          Map<String, Object> now = inbound();
          return number(now, "packetsReceived") >= number(before, "packetsReceived") + 25
              && number(now, "bytesReceived") > number(before, "bytesReceived")
              && number(now, "totalAudioEnergy") > number(before, "totalAudioEnergy") + 1e-4;
        },
        () -> "no audio from " + who + ": " + before + " then " + inbound());
  }

  /** Waits until the energy received stays flat for half a second (the other side is muted). */
  void awaitSilenceFrom(String who) {
    double[] last = {number(inbound(), "totalAudioEnergy"), System.nanoTime()};
    Awaits.until(
        Duration.ofSeconds(6),
        () -> {
          double energy = number(inbound(), "totalAudioEnergy");
          long now = System.nanoTime();
          if (now - last[1] < 500_000_000L) {
            return false;
          }
          boolean flat = energy - last[0] < 1e-5;
          last[0] = energy;
          last[1] = now;
          return flat;
        },
        () -> who + " is still heard: " + inbound());
  }

  String userId() {
    return (String) page.evaluate("window.duet.userId()");
  }

  boolean resumed() {
    return Boolean.TRUE.equals(page.evaluate("window.duet.resumed()"));
  }

  int createdPeerConnections() {
    return ((Number) page.evaluate("window.duet.createdPeerConnections()")).intValue();
  }

  int openPeerConnections() {
    return ((Number) page.evaluate("window.duet.openPeerConnections()")).intValue();
  }

  long setupMillis() {
    Object value = page.evaluate("window.duet.setupMillis()");
    assertTrue(value instanceof Number, "no set-up time measured");
    return ((Number) value).longValue();
  }

  /** The ICE restarts this page asked for on its current call. */
  int iceRestarts() {
    return ((Number) page.evaluate("window.duet.iceRestarts()")).intValue();
  }

  /** How many frames of this type ({@code call_stats}, {@code refresh_ice}) the page sent. */
  int sent(String type) {
    return ((java.util.List<?>) page.evaluate("window.duet.sent('" + type + "')")).size();
  }

  /** Audio packets received on the current call so far. */
  double packetsReceived() {
    return number(inbound(), "packetsReceived");
  }
}
