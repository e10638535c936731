package dev.duet.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Page;
import dev.duet.interfaces.websocket.ClientMessage;
import dev.duet.interfaces.websocket.ServerMessage;
import dev.duet.testing.Axe;
import dev.duet.testing.Browsers;
import dev.duet.testing.DuetServer;
import dev.duet.testing.TestClient;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Terms of use before talking to strangers ({@code TERMS_VERSION}), on a server of its own: the
 * protocol's gate ({@code terms_required}, {@code accept_terms}, its {@code ack}) and the page's
 * dialog, accepted once per device and version.
 */
class TermsBrowserIT {
  private static final String VERSION = "2026-12";
  private static final Duration CONNECT = Duration.ofSeconds(5);
  private static DuetServer server;

  @BeforeAll
  static void start() {
    server = DuetServer.start("terms", Map.of("TERMS_VERSION", VERSION));
    System.out.println("TermsBrowserIT on " + server.runtime());
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  private static ClientMessage.AcceptTerms accept(String version, Boolean adult) {
    return new ClientMessage.AcceptTerms(new ClientMessage.TermsPayload(version, adult), "t");
  }

  @Test
  void strangersNeedTheCurrentTermsAcceptedByAnAdultAndTheSessionKeepsThem() {
    try (TestClient client = TestClient.connect(server)) {
      assertEquals(VERSION, client.hello().termsVersion());
      client.send(new ClientMessage.UserAvailable("early"));
      assertEquals("early", client.expectError("terms_required").messageId());
      client.send(accept("2025-01", true));
      client.expectError("bad_message");
      client.send(accept(VERSION, false));
      client.expectError("bad_message");
      client.send(new ClientMessage.JoinRoom("terms-room-" + System.nanoTime(), null, "room"));
      client.expect(ServerMessage.RoomJoined.class);
      client.send(accept(VERSION, true));
      assertEquals("accept_terms", client.expect(ServerMessage.Ack.class).payload().of());
      client.send(new ClientMessage.UserAvailable(null));
      client.expect(ServerMessage.Waiting.class);
      try (TestClient again = TestClient.connect(server, "token=" + client.token())) {
        assertTrue(again.hello().resumed());
        again.send(new ClientMessage.RequestRandomPeer(null, null));
        again.expect(ServerMessage.Waiting.class);
      }
    }
  }

  @Test
  void thePageShowsTheTermsOnceAndAnAdultWhoAcceptsMeetsAStranger() {
    try (Browsers browsers = new Browsers()) {
      Person person = new Person(browsers.person());
      Page page = person.page();
      page.navigate(server.http("/").toString());
      page.click("#find-stranger");
      page.waitForSelector("#terms-dialog[open]");
      assertEquals(VERSION, page.textContent("#terms-version"));
      assertTrue(
          page.frameLocator("#terms-text").locator("h1").textContent().contains("Terms of use"));
      page.click("#terms-accept");
      assertTrue(page.isVisible("#terms-dialog"), "not without saying you are an adult");
      page.check("#terms-adult");
      Browsers.screenshot(page, "terms");
      Axe.check(page, "the terms dialog");
      page.click("#terms-accept");
      person.awaitState("waiting", CONNECT);
      try (TestClient stranger = TestClient.connect(server)) {
        stranger.send(accept(VERSION, true));
        stranger.expect(ServerMessage.Ack.class);
        stranger.send(new ClientMessage.UserAvailable(null));
        stranger.expect(ServerMessage.Waiting.class);
        stranger.expect(ServerMessage.AssignRole.class);
        person.awaitState("calling", CONNECT);
      }
      page.navigate(server.http("/").toString());
      page.click("#find-stranger");
      person.awaitState("waiting", CONNECT);
      assertTrue(!page.isVisible("#terms-dialog"), "accepted once per device and version");
    }
  }
}
