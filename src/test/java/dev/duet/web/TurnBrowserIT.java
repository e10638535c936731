package dev.duet.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duet.testing.Browsers;
import dev.duet.testing.Coturn;
import dev.duet.testing.DuetServer;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Relay-only calls through a real coturn with ephemeral credentials from Duet: nobody learns the
 * other's address, and a wrong secret fails visibly.
 */
class TurnBrowserIT {
  private static final String SECRET = "turn-" + UUID.randomUUID();
  private static Coturn coturn;

  @BeforeAll
  static void startCoturn() {
    Browsers.requireChromium();
    coturn = Coturn.start(SECRET);
  }

  @AfterAll
  static void stopCoturn() {
    if (coturn != null) {
      coturn.close();
    }
  }

  private static Person[] openRoom(Browsers browsers, DuetServer server, String name) {
    String url = server.http("/?room=" + name + "-" + UUID.randomUUID()).toString();
    Person alice = new Person(browsers.person());
    alice.page().navigate(url);
    alice.awaitState("waiting", Duration.ofSeconds(10));
    Person bob = new Person(browsers.person());
    bob.page().navigate(url);
    return new Person[] {alice, bob};
  }

  @Test
  void aRelayOnlyCallGoesThroughTurnBothWays() {
    try (DuetServer server =
            DuetServer.start(
                "turn",
                Map.of(
                    "TURN_URLS",
                    coturn.url(),
                    "TURN_SECRET",
                    SECRET,
                    "ICE_TRANSPORT_POLICY",
                    "relay"));
        Browsers browsers = new Browsers()) {
      Person[] people = openRoom(browsers, server, "relay");
      people[1].awaitConnected(Duration.ofSeconds(10));
      people[0].awaitConnected(Duration.ofSeconds(10));
      people[0].awaitAudioFrom("bob");
      people[1].awaitAudioFrom("alice");
      for (Person person : people) {
        Map<String, Object> stats = person.inbound();
        assertEquals("relay", stats.get("localType"), stats.toString());
        assertEquals("relay", stats.get("remoteType"), stats.toString());
      }
      assertTrue(people[0].page().textContent("#privacy").contains("Hide my IP is on"));
      Browsers.screenshot(people[1].page(), "relay-connected");
      System.out.println(
          "SETUP relay call (second peer joined -> ICE connected): "
              + people[1].setupMillis()
              + " ms");
    }
  }

  @Test
  void aWrongSecretFailsAndThePageSaysSo() {
    try (DuetServer server =
            DuetServer.start(
                "turn-wrong-secret",
                Map.of(
                    "TURN_URLS", coturn.url(),
                    "TURN_SECRET", "not-the-secret",
                    "ICE_TRANSPORT_POLICY", "relay"));
        Browsers browsers = new Browsers()) {
      Person[] people = openRoom(browsers, server, "wrong");
      for (Person person : people) {
        person.awaitState("error", Duration.ofSeconds(20));
        String problem = (String) person.page().evaluate("window.duet.problem()");
        assertTrue(problem != null && problem.contains("refused our credentials"), problem);
      }
      Browsers.screenshot(people[0].page(), "relay-wrong-secret");
    }
  }
}
