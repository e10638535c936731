package dev.duet.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Page;
import dev.duet.interfaces.websocket.ClientMessage;
import dev.duet.interfaces.websocket.ServerMessage;
import dev.duet.testing.Awaits;
import dev.duet.testing.Axe;
import dev.duet.testing.Browsers;
import dev.duet.testing.Database;
import dev.duet.testing.DuetServer;
import dev.duet.testing.Signal;
import dev.duet.testing.SmallScreens;
import dev.duet.testing.TestClient;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** "Talk to a stranger" in real browsers: meet, skip, meet someone new. */
class StrangerBrowserIT {
  private static final Duration CONNECT = Duration.ofSeconds(5);
  private Browsers browsers;
  private DuetServer server;

  @BeforeEach
  void start() {
    browsers = new Browsers();
    server = DuetServer.shared();
    System.out.println("StrangerBrowserIT on " + server.runtime());
    server.awaitNoStrangers();
  }

  @AfterEach
  void stop() {
    browsers.close();
  }

  private Person stranger() {
    return Person.stranger(browsers.person(), server);
  }

  @Test
  void strangersMeetSkipAndMeetSomeoneNew() {
    Page home = browsers.person();
    home.navigate(server.http("/").toString());
    Axe.check(home, "the start page");
    SmallScreens.assertFits(home, "home");
    home.click("#find-stranger");
    Person first = new Person(home);
    first.awaitState("waiting", CONNECT);
    Browsers.screenshot(first.page(), "stranger-waiting");
    Axe.check(home, "waiting for a stranger");
    Person second = stranger();
    first.awaitConnected(CONNECT);
    second.awaitConnected(CONNECT);
    first.awaitAudioFrom("second");
    second.awaitAudioFrom("first");
    Browsers.screenshot(second.page(), "stranger-connected");
    Axe.check(second.page(), "a stranger call, connected");

    first.page().click("#next");
    second.awaitState("partner-left", CONNECT);
    assertTrue(second.status().contains("skipped"), second.status());
    Browsers.screenshot(second.page(), "stranger-skipped");
    Axe.check(second.page(), "skipped by the stranger");
    first.awaitState("waiting", CONNECT);

    Person third = stranger();
    third.awaitConnected(CONNECT);
    first.awaitConnected(CONNECT);
    first.awaitAudioFrom("third");
    third.awaitAudioFrom("first");
    System.out.println(
        "SETUP stranger call (match -> ICE connected): " + third.setupMillis() + " ms");
  }

  @Test
  void twentyNextPressesLeaveNoPeerConnectionBehind() {
    Person person = stranger();
    person.awaitState("waiting", CONNECT);
    for (int i = 0; i < 20; i++) {
      try (TestClient bot = TestClient.connect(server)) {
        bot.send(new ClientMessage.UserAvailable(null));
        bot.expect(ServerMessage.Waiting.class);
        bot.expect(ServerMessage.AssignRole.class);
        person.awaitState("calling", CONNECT);
        person.page().click("#next");
        bot.expect(ServerMessage.PeerLeft.class);
        person.awaitState("waiting", CONNECT);
      }
    }
    assertTrue(person.openPeerConnections() == 0, person.openPeerConnections() + " left open");
  }

  /**
   * Report and Block from the page: a report names the reason picked and the words typed, is stored
   * for moderators, ends the call (the other side is told it was skipped) and moves the page on to
   * the next stranger, saying so in words; the reported user, asking again, is not matched with the
   * page. After a call with someone else has ended, "Block last person" blocks that one.
   */
  @Test
  void reportAndBlockFromTheCallKeepThemApartAndMoveOn() {
    Person person = stranger();
    person.awaitState("waiting", CONNECT);
    Page page = person.page();
    try (TestClient rude = TestClient.connect(server)) {
      rude.send(new ClientMessage.UserAvailable(null));
      rude.expect(ServerMessage.Waiting.class);
      rude.expect(ServerMessage.AssignRole.class);
      person.awaitState("calling", CONNECT);
      page.click("#report");
      page.check("input[name='report-reason'][value='Spam, advertising or a bot']");
      page.fill("#report-text", "sells followers");
      Browsers.screenshot(page, "stranger-report");
      Axe.check(page, "the Report dialog");
      page.click("#report-send");
      assertEquals("skipped", rude.expect(ServerMessage.PeerLeft.class).payload().reason());
      person.awaitState("waiting", CONNECT);
      assertTrue(page.textContent("#messages").contains("your report was sent"));
      Awaits.until(
          CONNECT,
          () ->
              !Database.query(
                      server.database(),
                      "SELECT * FROM reports WHERE reported = ? AND reason = ?",
                      rude.userId(),
                      "Spam, advertising or a bot: sells followers")
                  .isEmpty(),
          () -> "the report is stored with its reason and words");
      rude.send(new ClientMessage.UserAvailable(null));
      rude.expect(ServerMessage.Waiting.class);
      rude.expectNothingBefore();
    }
    try (TestClient next = TestClient.connect(server)) {
      next.send(new ClientMessage.UserAvailable(null));
      next.expect(ServerMessage.Waiting.class);
      next.expect(ServerMessage.AssignRole.class);
      person.awaitState("calling", CONNECT);
      next.send(new Signal.Hangup(person.userId(), null, null));
      person.awaitState("partner-left", CONNECT);
      assertEquals("Block last person", page.textContent("#block"));
      page.click("#block");
      page.waitForSelector("#block-dialog[open]");
      Axe.check(page, "the Block dialog, after the call");
      page.click("#block-confirm");
      person.awaitState("waiting", CONNECT);
      assertTrue(page.textContent("#messages").contains("You blocked this person"));
      next.send(new ClientMessage.UserAvailable(null));
      next.expect(ServerMessage.Waiting.class);
      next.expectNothingBefore();
    }
  }
}
