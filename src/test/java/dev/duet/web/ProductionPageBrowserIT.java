package dev.duet.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Page;
import dev.duet.interfaces.websocket.ClientMessage;
import dev.duet.interfaces.websocket.ServerMessage;
import dev.duet.testing.Axe;
import dev.duet.testing.Browsers;
import dev.duet.testing.DuetServer;
import dev.duet.testing.TestClient;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The page as it is shipped (nothing injected) against a server with the default limits: it has no
 * test hooks, a call works, and a person who presses Next or Send faster than the rate limits allow
 * is told to slow down and finds the button disabled until the server takes it again.
 */
class ProductionPageBrowserIT {
  private static final Duration CONNECT = Duration.ofSeconds(5);
  private static final String SLOW_DOWN = "Slow down — try again in a moment.";
  private Browsers browsers;
  private DuetServer server;

  @BeforeEach
  void start() {
    browsers = new Browsers();
    server = DuetServer.sharedWithDefaultLimits();
    System.out.println("ProductionPageBrowserIT on " + server.runtime());
    assertEquals(System.getProperty("duet.it.runtime", "wildfly"), server.runtime());
    assertTrue(
        server.log().contains(server.isWildFly() ? "WildFly" : "Payara Micro"),
        "the server's log names its runtime");
  }

  @AfterEach
  void stop() {
    browsers.close();
  }

  /**
   * Alice presses Join with the room field left empty, which makes a private room (a room ID of 128
   * random bits in the link); Bob opens her link.
   */
  private Person[] roomCall() {
    Person alice = new Person(browsers.productionPerson());
    alice.page().navigate(server.http("/").toString());
    alice.page().click("#join-room");
    alice.awaitState("waiting", Duration.ofSeconds(10));
    String url = alice.page().inputValue("#share-link");
    assertTrue(
        url.matches(".*\\?room=[A-Za-z0-9_-]{22}$"),
        "a private room's link names 22 characters: " + url);
    Person bob = new Person(browsers.productionPerson());
    bob.page().navigate(url);
    bob.awaitState("connected", CONNECT);
    alice.awaitState("connected", CONNECT);
    return new Person[] {alice, bob};
  }

  /**
   * A room name Alice picks needs a passcode before the page joins it; the link she shares carries
   * the passcode in its fragment, so Bob joins by opening it; Carol, who only guesses the name, is
   * told it is not hers to join.
   */
  @Test
  void aNameYouPickNeedsAPasscodeWhichTheLinkCarries() {
    String name = "team-" + UUID.randomUUID().toString().substring(0, 8);
    Person alice = new Person(browsers.productionPerson());
    alice.page().navigate(server.http("/").toString());
    alice.page().fill("#room-id", name);
    alice.page().click("#join-room");
    alice.page().waitForFunction("!document.getElementById('problem').hidden");
    assertTrue(
        alice.page().textContent("#problem").contains("give the room a passcode"),
        alice.page().textContent("#problem"));
    assertEquals("idle", alice.state(), "nothing was joined: " + alice.status());
    alice.page().fill("#room-passcode", "quiet otter 42");
    alice.page().click("#join-room");
    alice.awaitState("waiting", Duration.ofSeconds(10));
    String url = alice.page().inputValue("#share-link");
    assertTrue(url.endsWith("?room=" + name + "#passcode=quiet%20otter%2042"), "the link: " + url);

    Person carol = new Person(browsers.productionPerson());
    carol.page().navigate(server.http("/?room=" + name).toString());
    carol.page().waitForFunction("!document.getElementById('problem').hidden");
    assertTrue(
        carol.page().textContent("#problem").startsWith("That is not the passcode of this room"),
        carol.page().textContent("#problem"));
    Axe.check(carol.page(), "an error shown: not the passcode of the room");

    Person bob = new Person(browsers.productionPerson());
    bob.page().navigate(url);
    bob.awaitState("connected", CONNECT);
    alice.awaitState("connected", CONNECT);
  }

  @Test
  void theShippedPageHasNoTestHooksAndACallWorks() throws IOException {
    Person[] people = roomCall();
    for (Person person : people) {
      assertEquals("undefined", person.page().evaluate("typeof window.duet"));
      person
          .page()
          .waitForFunction(
              "document.getElementById('stat-route').textContent === 'host → host (udp)'");
    }
    for (String module :
        List.of(
            "app",
            "call",
            "current-call",
            "opus",
            "ice",
            "telemetry",
            "signaling",
            "audio",
            "view",
            "panels",
            "chat",
            "limits")) {
      String source = DuetServer.get(server.http("/js/" + module + ".js")).body();
      assertFalse(source.contains("offerNow"), module + ".js offers on demand");
      assertFalse(source.contains("dropConnection"), module + ".js drops its socket on demand");
      assertFalse(source.contains("window.duet"), module + ".js exposes window.duet");
    }
    Browsers.screenshot(people[0].page(), "production-room-connected");
  }

  @Test
  void sendingChatTooFastSaysSlowDownAndKeepsTheMessage() {
    Person[] people = roomCall();
    Page alice = people[0].page();
    int sent = 0;
    while (alice.isHidden("#problem")) {
      assertTrue(sent < 30, "no rate limit after " + sent + " chat messages");
      alice.fill("#chat-input", "quick " + sent);
      alice.press("#chat-input", "Enter");
      sent++;
      if (sent >= 10) {
        alice.waitForFunction(
            "n => !document.getElementById('problem').hidden"
                + " || document.querySelectorAll('#messages li.mine').length >= n",
            sent);
      }
    }
    assertEquals(SLOW_DOWN, alice.textContent("#problem"));
    assertTrue(alice.isDisabled("#send"), "Send is disabled while the limit holds");
    String dropped = alice.inputValue("#chat-input");
    assertTrue(
        dropped.startsWith("quick "), "the dropped message is back in the input: " + dropped);
    Browsers.screenshot(alice, "production-chat-slow-down");

    long limitedAt = System.nanoTime();
    alice.waitForFunction(
        "!document.getElementById('send').disabled",
        null,
        new Page.WaitForFunctionOptions().setTimeout(5_000));
    long heldMillis = (System.nanoTime() - limitedAt) / 1_000_000;
    System.out.println("RATE LIMIT chat: Send re-enabled after " + heldMillis + " ms");
    assertTrue(alice.isHidden("#problem"), "the message goes once Send can be pressed");
    alice.click("#send");
    people[1].page().waitForSelector("#messages li.theirs:has-text('" + dropped + "')");
  }

  @Test
  void pressingNextTooFastSaysSlowDownKeepsTheCallAndEnablesNextAgain() {
    server.awaitNoStrangers();
    Person person = new Person(browsers.productionPerson());
    person.page().navigate(server.http("/").toString());
    person.page().click("#find-stranger");
    person.awaitState("waiting", CONNECT);
    int accepted = 0;
    TestClient bot = null;
    try {
      while (true) {
        assertTrue(accepted < 15, "no rate limit after " + accepted + " Nexts");
        bot = TestClient.connect(server);
        bot.passGate().send(new ClientMessage.UserAvailable(null));
        bot.expect(ServerMessage.Waiting.class);
        bot.expect(ServerMessage.AssignRole.class);
        person.awaitState("calling", CONNECT);
        person.page().click("#next");
        person
            .page()
            .waitForFunction(
                "!document.getElementById('problem').hidden"
                    + " || document.getElementById('app').dataset.state === 'waiting'");
        if (!person.page().isHidden("#problem")) {
          break;
        }
        bot.expect(ServerMessage.PeerLeft.class);
        bot.close();
        accepted++;
      }
      System.out.println("RATE LIMIT Next: limited after " + accepted + " accepted Nexts");
      assertTrue(accepted >= 4, "the first request and four Nexts fit the burst of 5: " + accepted);
      assertEquals(SLOW_DOWN, person.page().textContent("#problem"));
      assertTrue(person.page().isDisabled("#next"), "Next is disabled while the limit holds");
      assertEquals("calling", person.state(), "the call goes on: " + person.status());
      Browsers.screenshot(person.page(), "production-next-slow-down");

      long limitedAt = System.nanoTime();
      person
          .page()
          .waitForFunction(
              "!document.getElementById('next').disabled",
              null,
              new Page.WaitForFunctionOptions().setTimeout(6_000));
      long heldMillis = (System.nanoTime() - limitedAt) / 1_000_000;
      System.out.println("RATE LIMIT Next: re-enabled after " + heldMillis + " ms");
      assertTrue(person.page().isHidden("#problem"), "the message goes once Next can be pressed");
      person.page().click("#next");
      ServerMessage.PeerLeft left = bot.expect(ServerMessage.PeerLeft.class);
      assertEquals("skipped", left.payload().reason());
      person.awaitState("waiting", CONNECT);
    } finally {
      if (bot != null) {
        bot.close();
      }
    }
  }
}
