package dev.duet.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duet.testing.Browsers;
import dev.duet.testing.DuetServer;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two people in two Chromium processes call each other by room ID. */
class RoomCallBrowserIT {
  private static final Duration CONNECT = Duration.ofSeconds(5);
  private Browsers browsers;
  private DuetServer server;

  @BeforeEach
  void start() {
    browsers = new Browsers();
    server = DuetServer.shared();
    System.out.println("RoomCallBrowserIT on " + server.runtime());
  }

  @AfterEach
  void stop() {
    browsers.close();
  }

  private Person[] call(String name) {
    String url =
        server
            .http("/?room=" + name + "-" + UUID.randomUUID().toString().substring(0, 8))
            .toString();
    Person alice = new Person(browsers.person());
    alice.page().navigate(url);
    alice.awaitState("waiting", Duration.ofSeconds(10));
    Browsers.screenshot(alice.page(), name + "-waiting-for-peer");
    Person bob = new Person(browsers.person());
    bob.page().navigate(url);
    bob.awaitConnected(CONNECT);
    alice.awaitConnected(CONNECT);
    return new Person[] {alice, bob};
  }

  @Test
  void bothHearEachOther() {
    Person[] people = call("room");
    people[0].awaitAudioFrom("bob");
    people[1].awaitAudioFrom("alice");
    people[0].awaitState("connected", CONNECT);
    Browsers.screenshot(people[1].page(), "room-connected");
    long setup = people[1].setupMillis();
    System.out.println("SETUP room call (second peer joined -> ICE connected): " + setup + " ms");
    assertTrue(setup < 5_000, "set-up took " + setup + " ms");
    assertTrue(people[0].page().textContent("#stat-codec").toLowerCase().contains("opus"));
    assertEquals("host → host", people[0].page().textContent("#stat-route"));
  }

  @Test
  void chatMuteAndLeave() {
    Person[] people = call("chat");
    Person alice = people[0];
    Person bob = people[1];
    alice.page().fill("#chat-input", "hello bob");
    alice.page().click("#send");
    bob.page().waitForSelector("#messages li.theirs:has-text('hello bob')");
    alice.page().waitForSelector("#messages li.mine:has-text('hello bob')");

    bob.awaitAudioFrom("alice");
    alice.page().click("#mute");
    assertEquals("true", alice.page().getAttribute("#mute", "aria-pressed"));
    bob.awaitSilenceFrom("alice");
    Browsers.screenshot(alice.page(), "room-muted");
    alice.page().click("#mute");
    bob.awaitAudioFrom("alice");

    alice.page().click("#hangup");
    alice.awaitState("idle", CONNECT);
    bob.awaitState("waiting", CONNECT);
    assertTrue(bob.status().contains("left"), bob.status());
    Browsers.screenshot(bob.page(), "room-partner-left");
    assertEquals(0, alice.openPeerConnections());
    assertEquals(0, bob.openPeerConnections());
  }

  @Test
  void glareStillEndsConnected() {
    Person[] people = call("glare");
    CompletableFuture<?> first =
        CompletableFuture.runAsync(() -> people[0].page().evaluate("window.duet.offerNow()"));
    CompletableFuture<?> second =
        CompletableFuture.runAsync(() -> people[1].page().evaluate("window.duet.offerNow()"));
    first.join();
    second.join();
    people[0].awaitAudioFrom("bob");
    people[1].awaitAudioFrom("alice");
    people[0].awaitConnected(CONNECT);
    people[1].awaitConnected(CONNECT);
  }
}
