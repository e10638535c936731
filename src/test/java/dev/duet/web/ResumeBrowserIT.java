package dev.duet.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duet.testing.Browsers;
import dev.duet.testing.DuetServer;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A room call in two Chromium processes outlives its signaling: the server is stopped and started
 * again, or a page's socket drops, and the audio goes on the whole time while both pages reconnect
 * with their tokens to the same session, on the same {@code RTCPeerConnection}.
 */
class ResumeBrowserIT {
  private static final Duration CONNECT = Duration.ofSeconds(5);
  private static DuetServer server;
  private Browsers browsers;

  /** One server for both tests: the restart leaves it running, and each call has its own room. */
  @BeforeAll
  static void startServer() {
    server = DuetServer.start("resume", Map.of("RESUME_GRACE", "30s"));
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @BeforeEach
  void start() {
    browsers = new Browsers();
  }

  @AfterEach
  void stop() {
    browsers.close();
  }

  private Person[] call(String room) {
    String url = server.http("/?room=" + room).toString();
    Person alice = new Person(browsers.person());
    alice.page().navigate(url);
    alice.awaitState("waiting", Duration.ofSeconds(10));
    Person bob = new Person(browsers.person());
    bob.page().navigate(url);
    bob.awaitConnected(CONNECT);
    alice.awaitConnected(CONNECT);
    alice.awaitAudioFrom("bob");
    bob.awaitAudioFrom("alice");
    return new Person[] {alice, bob};
  }

  private static void chat(Person from, Person to, String text) {
    from.page().fill("#chat-input", text);
    from.page().click("#send");
    to.page().waitForSelector("#messages li.theirs:has-text('" + text + "')");
  }

  @Test
  void theCallGoesOnWhileTheServerRestartsAndBothPagesResume() {
    Person[] people = call("restart");
    Person alice = people[0];
    Person bob = people[1];
    String aliceId = alice.userId();

    server.close();
    alice.awaitState("reconnecting", CONNECT);
    bob.awaitState("reconnecting", CONNECT);
    Browsers.screenshot(alice.page(), "resume-server-down");
    alice.awaitAudioFrom("bob");
    bob.awaitAudioFrom("alice");

    server.startAgain();
    long started = System.nanoTime();
    alice.awaitState("connected", Duration.ofSeconds(15));
    bob.awaitState("connected", Duration.ofSeconds(15));
    long resumedMillis = (System.nanoTime() - started) / 1_000_000;
    System.out.println(
        "RESUME browser: both pages resumed " + resumedMillis + " ms after the server was up");
    Browsers.screenshot(alice.page(), "resume-server-back");
    assertTrue(alice.resumed() && bob.resumed(), "both sessions were resumed");
    assertEquals(aliceId, alice.userId());
    assertEquals(1, alice.createdPeerConnections(), "the same RTCPeerConnection");
    assertEquals(1, bob.createdPeerConnections(), "the same RTCPeerConnection");
    chat(alice, bob, "still here after the restart");
    bob.awaitAudioFrom("alice");
  }

  @Test
  void aPageWhoseSocketDropsResumesOnTheSameConnection() {
    Person[] people = call("blip");
    Person alice = people[0];
    Person bob = people[1];
    String aliceId = alice.userId();
    alice.page().evaluate("window.duet.dropConnection()");
    bob.page().waitForSelector("#messages li.system:has-text('is back')");
    alice.awaitState("connected", CONNECT);
    assertTrue(alice.resumed());
    assertEquals(aliceId, alice.userId());
    assertEquals(1, alice.createdPeerConnections());
    assertEquals(1, bob.createdPeerConnections());
    bob.awaitAudioFrom("alice");
    chat(bob, alice, "after the blip");
  }
}
