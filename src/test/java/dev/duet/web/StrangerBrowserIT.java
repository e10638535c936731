package dev.duet.web;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duet.interfaces.websocket.ClientMessage;
import dev.duet.interfaces.websocket.ServerMessage;
import dev.duet.testing.Browsers;
import dev.duet.testing.DuetServer;
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
    Person person = new Person(browsers.person());
    person.page().navigate(server.http("/").toString());
    person.page().click("#find-stranger");
    return person;
  }

  @Test
  void strangersMeetSkipAndMeetSomeoneNew() {
    Person first = stranger();
    first.awaitState("waiting", CONNECT);
    Browsers.screenshot(first.page(), "stranger-waiting");
    Person second = stranger();
    first.awaitConnected(CONNECT);
    second.awaitConnected(CONNECT);
    first.awaitAudioFrom("second");
    second.awaitAudioFrom("first");
    Browsers.screenshot(second.page(), "stranger-connected");

    first.page().click("#next");
    second.awaitState("partner-left", CONNECT);
    assertTrue(second.status().contains("skipped"), second.status());
    Browsers.screenshot(second.page(), "stranger-skipped");
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
}
