package dev.duet.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Page;
import dev.duet.testing.Awaits;
import dev.duet.testing.Axe;
import dev.duet.testing.Browsers;
import dev.duet.testing.DuetServer;
import dev.duet.testing.SmallScreens;
import java.time.Duration;
import java.util.UUID;
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
    if (name.equals("room")) {
      Axe.check(alice.page(), "waiting for the other person in a room");
    }
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
    Page bob = people[1].page();
    bob.click("#mic-settings summary");
    Axe.check(bob, "a room call, connected, the Microphone and Connection panels open");
    SmallScreens.assertFits(bob, "room-call");
    long setup = people[1].setupMillis();
    System.out.println("SETUP room call (second peer joined -> ICE connected): " + setup + " ms");
    assertTrue(setup < 5_000, "set-up took " + setup + " ms");
    assertTrue(people[0].page().textContent("#stat-codec").toLowerCase().contains("opus"));
    assertEquals("host → host (udp)", people[0].page().textContent("#stat-route"));
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
    Axe.check(alice.page(), "a room call, muted, with chat messages");
    alice.page().click("#mute");
    bob.awaitAudioFrom("alice");

    alice.page().click("#hangup");
    alice.awaitState("idle", CONNECT);
    bob.awaitState("waiting", CONNECT);
    assertTrue(bob.status().contains("left"), bob.status());
    Browsers.screenshot(bob.page(), "room-partner-left");
    Axe.check(bob.page(), "the other person left the room");
    assertEquals(0, alice.openPeerConnections());
    assertEquals(0, bob.openPeerConnections());
  }

  /**
   * Both make an offer at once: each page holds the other's offer back until its own is sent, so
   * the two surely cross (both are in {@code have-local-offer} when the other's arrives); the
   * polite one rolls back and answers, the impolite one ignores the offer it got, and the call
   * connects.
   */
  @Test
  void glareStillEndsConnected() {
    Person[] people = call("glare");
    for (Person person : people) {
      person.page().evaluate("window.duet.holdOffers()");
    }
    for (Person person : people) {
      person.page().evaluate("window.duet.offerNow()");
    }
    for (Person person : people) {
      Awaits.until(
          CONNECT,
          () -> number(person, "window.duet.heldOffers()") >= 1,
          () -> "the other's offer did not arrive");
    }
    for (Person person : people) {
      person.page().evaluate("window.duet.releaseOffers()");
    }
    for (Person person : people) {
      assertEquals(1, number(person, "window.duet.crossedOffers()"), "the offers crossed");
    }
    people[0].awaitAudioFrom("bob");
    people[1].awaitAudioFrom("alice");
    people[0].awaitConnected(CONNECT);
    people[1].awaitConnected(CONNECT);
    assertEquals(
        1,
        number(people[0], "window.duet.rollbacks()") + number(people[1], "window.duet.rollbacks()"),
        "the polite one rolled its offer back");
  }

  private static int number(Person person, String expression) {
    return ((Number) person.page().evaluate(expression)).intValue();
  }
}
