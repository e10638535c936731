package dev.duet.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duet.testing.Awaits;
import dev.duet.testing.Browsers;
import dev.duet.testing.CallNetwork;
import dev.duet.testing.CallNetwork.Link;
import dev.duet.testing.CallNetwork.Side;
import dev.duet.testing.Coturn;
import dev.duet.testing.DuetServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The network changes under a live call, and the call comes back: two Chromium processes, each in a
 * network namespace of its own ({@link CallNetwork}), call each other directly over the A_B link or
 * through coturn over their NET links, while Duet is reached over their SIGNAL links. The call
 * takes the path it should; a cut or an address moved stops its audio both ways at once and takes
 * ICE out of {@code connected} (Chromium notices after about 6 s, so a cut is held 5 s and until
 * then); after the cut is undone, or at once after a move, audio must flow both ways again within
 * {@link #BACK_WITHIN} on the same {@code RTCPeerConnection} (no new match or room join), by ICE
 * restarts for a move. Every change is printed with its time ({@code [network]} lines), and the
 * recovery times as {@code RECOVERY} lines.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class NetworkChangeBrowserIT {
  private static final Duration CUT = Duration.ofSeconds(5);
  private static final Duration STOPS = Duration.ofSeconds(2);
  private static final Duration HELD_AT_MOST = Duration.ofSeconds(15);
  private static final Duration BACK_WITHIN = Duration.ofSeconds(20);
  private static final Duration TTL_AND_MORE = Duration.ofSeconds(65);
  private static final Duration SILENT = Duration.ofMillis(1_000);
  private static final Map<String, String> REACHABLE = Map.of("BIND_ADDRESS", "0.0.0.0");

  private Browsers browsers;
  private CallNetwork network;

  @BeforeEach
  void build() {
    browsers = new Browsers();
    network = CallNetwork.create();
  }

  @AfterEach
  void tearDown() {
    try {
      browsers.close();
    } finally {
      if (network != null) {
        network.close();
      }
    }
  }

  @Test
  void aDirectCallGoesOverTheABLinkAndComesBackAfterACut() {
    try (DuetServer server = DuetServer.start("network-direct", REACHABLE)) {
      Person[] people = call(server, "direct");
      for (Side side : Side.values()) {
        Map<String, Object> stats = person(people, side).inbound();
        assertEquals("host", stats.get("localType"), stats.toString());
        assertEquals("host", stats.get("remoteType"), stats.toString());
        assertEquals(network.address(side, Link.A_B), stats.get("localAddress"), stats.toString());
        assertEquals(
            network.address(other(side), Link.A_B), stats.get("remoteAddress"), stats.toString());
        assertTrue(
            String.valueOf(stats.get("candidates"))
                .contains("local host " + network.address(side, Link.A_B) + ":"),
            "no host candidate of the A_B link (hidden behind mDNS?): " + stats);
      }
      interrupt(people, "cut A_B", () -> network.cut(Link.A_B), () -> network.restore(Link.A_B));
    }
  }

  @Test
  void aDirectCallComesBackWhenOneSideMovesToANewAddress() {
    try (DuetServer server = DuetServer.start("network-move", REACHABLE)) {
      Person[] people = call(server, "move");
      String before = network.address(Side.A, Link.A_B);
      interrupt(
          people,
          "move A's A_B address from " + before,
          () -> System.out.println("[network] A is now " + network.moveAddress(Side.A, Link.A_B)),
          () -> {});
      assertRestarted(people);
      assertEquals(
          network.address(Side.A, Link.A_B),
          person(people, Side.B).inbound().get("remoteAddress"),
          "B hears A at its new address");
    }
  }

  /**
   * A relayed call outlives {@code TURN_TTL} (a minute here), and a minute later still comes back
   * from a move, which needs a new allocation: coturn lets an allocation live past its credential's
   * expiry but refuses a new one made with it, so the page must have fresh credentials by then.
   */
  @Test
  void aRelayOnlyCallOutlivesItsTurnCredentialsAndComesBackFromAMoveAfter() {
    String secret = "turn-" + UUID.randomUUID();
    try (Coturn coturn = Coturn.start(secret, CallNetwork.TURN);
        DuetServer server = relayOnly("network-relay-move", coturn, secret, "60s")) {
      Person[] people = call(server, "relay-move");
      AudioWatch audio = new AudioWatch(people);
      audio.watch(TTL_AND_MORE);
      for (int i = 0; i < people.length; i++) {
        System.out.println(
            "[network] relayed call past TURN_TTL: page "
                + i
                + " longest audio gap "
                + audio.longestGapMillis(i)
                + " ms, refresh_ice sent "
                + people[i].sent("refresh_ice"));
        assertTrue(audio.longestGapMillis(i) < 2_500, "gap " + audio.longestGapMillis(i) + " ms");
        assertTrue(people[i].sent("refresh_ice") >= 1, "fresh credentials at half the TTL");
      }
      interrupt(
          people,
          "move A's NET_A address from " + network.address(Side.A, Link.NET_A),
          () -> System.out.println("[network] A is now " + network.moveAddress(Side.A, Link.NET_A)),
          () -> {});
      assertRestarted(people);
      for (Person person : people) {
        assertEquals("relay", person.inbound().get("localType"));
        assertTrue(
            person.sent("refresh_ice") >= 2,
            "fresh TURN credentials at half the TTL and before a restart");
      }
    }
  }

  @Test
  void aRelayOnlyCallGoesThroughCoturnAndComesBackAfterACutOfOneNet() {
    String secret = "turn-" + UUID.randomUUID();
    try (Coturn coturn = Coturn.start(secret, CallNetwork.TURN);
        DuetServer server = relayOnly("network-relay", coturn, secret, "1h")) {
      Person[] people = call(server, "relay");
      for (Person person : people) {
        Map<String, Object> stats = person.inbound();
        assertEquals("relay", stats.get("localType"), stats.toString());
        assertEquals("relay", stats.get("remoteType"), stats.toString());
        assertEquals(CallNetwork.TURN, stats.get("localAddress"), stats.toString());
      }
      interrupt(
          people, "cut NET_A", () -> network.cut(Link.NET_A), () -> network.restore(Link.NET_A));
    }
  }

  /** A server the namespaces reach whose pages send audio through {@code coturn} only. */
  private static DuetServer relayOnly(String name, Coturn coturn, String secret, String turnTtl) {
    return DuetServer.start(
        name,
        Map.of(
            "BIND_ADDRESS",
            "0.0.0.0",
            "TURN_URLS",
            coturn.url(),
            "TURN_SECRET",
            secret,
            "TURN_TTL",
            turnTtl,
            "ICE_TRANSPORT_POLICY",
            "relay"));
  }

  /** The newcomer, B, is the impolite side: it restarts ICE; A answers. */
  private static void assertRestarted(Person[] people) {
    assertTrue(person(people, Side.B).iceRestarts() >= 1, "B restarted ICE (it offers)");
  }

  /** Two pages in the two sides join one room; returns them once audio flows both ways. */
  private Person[] call(DuetServer server, String name) {
    String url =
        server.httpAt(CallNetwork.DUET_NAME, "/?room=" + name + "-" + UUID.randomUUID()).toString();
    Person alice = new Person(browsers.person(network.chromium(Side.A)));
    alice.page().navigate(url);
    alice.awaitState("waiting", Duration.ofSeconds(10));
    Person bob = new Person(browsers.person(network.chromium(Side.B)));
    bob.page().navigate(url);
    bob.awaitConnected(Duration.ofSeconds(10));
    alice.awaitConnected(Duration.ofSeconds(10));
    alice.awaitAudioFrom("bob");
    bob.awaitAudioFrom("alice");
    for (Side side : Side.values()) {
      Map<String, Object> stats = person(new Person[] {alice, bob}, side).inbound();
      System.out.println("[network] " + name + " " + side + " connected: " + stats);
    }
    System.out.println("[network] " + name + " set-up: " + bob.setupMillis() + " ms");
    return new Person[] {alice, bob};
  }

  /**
   * Changes the network ({@code change}) and watches both pages: their audio must stop within
   * {@link #STOPS} and their ICE leave {@code connected} within {@link #HELD_AT_MOST}. The change
   * is held for {@link #CUT} at least and until both happened, then {@code undo}ne; then audio must
   * flow both ways again within {@link #BACK_WITHIN}, on the same call, with the page saying so.
   */
  private void interrupt(Person[] people, String what, Runnable change, Runnable undo) {
    List<Watch> watches = List.of(new Watch("A", people[0]), new Watch("B", people[1]));
    long start = System.nanoTime();
    System.out.println("[network] " + what);
    change.run();
    watchUntil(
        watches,
        start,
        HELD_AT_MOST,
        () ->
            millis(start) >= CUT.toMillis()
                && watches.stream().allMatch(w -> w.stoppedAt >= 0 && w.leftConnectedAt >= 0));
    for (Watch watch : watches) {
      assertTrue(
          watch.stoppedAt >= 0 && watch.stoppedAt < STOPS.toMillis(),
          "audio still reaches " + watch + "\n" + network.describe());
      assertTrue(watch.leftConnectedAt >= 0, "ICE still connected at " + watch);
    }
    long undone = millis(start);
    undo.run();
    System.out.println("[network] +" + undone + " ms undone");
    watchUntil(
        watches,
        start,
        Duration.ofMillis(undone).plus(BACK_WITHIN),
        () -> watches.stream().allMatch(w -> w.backAt >= 0 && w.flowingAgain()));
    StringBuilder recovery = new StringBuilder("RECOVERY " + what + ":");
    for (Watch watch : watches) {
      assertTrue(
          watch.backAt >= 0 && watch.flowingAgain(),
          "no audio again at "
              + watch
              + " within "
              + BACK_WITHIN.toSeconds()
              + " s\n"
              + network.describe());
      recovery.append(
          String.format(
              " %s audio stopped +%d ms, ICE left connected +%d ms, back %d ms after the change"
                  + " was undone (+%d ms), ICE restarts %d;",
              watch.name,
              watch.stoppedAt,
              watch.leftConnectedAt,
              watch.backAt - undone,
              undone,
              watch.person.iceRestarts()));
    }
    System.out.println(recovery);
    for (Person person : people) {
      assertEquals(1, person.createdPeerConnections(), "the same call, no new one");
      person.awaitState("connected", Duration.ofSeconds(5));
      assertTrue(
          person.page().textContent("#messages").contains("The call is back.")
              || person.iceRestarts() == 0,
          "a restart is told in words");
    }
  }

  private static void watchUntil(
      List<Watch> watches, long start, Duration deadline, BooleanSupplier done) {
    while (millis(start) < deadline.toMillis() && !done.getAsBoolean()) {
      for (Watch watch : watches) {
        watch.sample(start);
      }
      Awaits.pause(Duration.ofMillis(100));
    }
  }

  private static long millis(long start) {
    return (System.nanoTime() - start) / 1_000_000;
  }

  private static Person person(Person[] people, Side side) {
    return people[side.ordinal()];
  }

  private static Side other(Side side) {
    return side == Side.A ? Side.B : Side.A;
  }

  /** One page's inbound audio, ICE state and page state over time, each change printed. */
  private static final class Watch {
    private final String name;
    private final Person person;
    private final List<String> changes = new ArrayList<>();
    private double packets = -1;
    private long grewAt;
    private long stoppedAt = -1;
    private long backAt = -1;
    private long leftConnectedAt = -1;
    private double backFrom = -1;
    private String ice;
    private String page;

    Watch(String name, Person person) {
      this.name = name;
      this.person = person;
    }

    void sample(long start) {
      long now = millis(start);
      double received = Person.number(person.inbound(), "packetsReceived");
      if (received > packets) {
        if (stoppedAt >= 0 && backAt < 0 && packets >= 0) {
          backAt = now;
          backFrom = received;
          note(now, "audio back (" + (long) received + " packets)");
        }
        packets = received;
        grewAt = now;
      } else if (stoppedAt < 0 && now - grewAt >= SILENT.toMillis()) {
        stoppedAt = grewAt;
        note(now, "audio stopped at +" + grewAt + " ms (" + (long) packets + " packets)");
      }
      String iceNow = String.valueOf(person.iceState());
      if (!iceNow.equals(ice)) {
        if (leftConnectedAt < 0 && !iceNow.equals("connected") && !iceNow.equals("completed")) {
          leftConnectedAt = now;
        }
        ice = iceNow;
        note(now, "ICE " + iceNow);
      }
      String pageNow = person.state() + ": " + person.status();
      if (!pageNow.equals(page)) {
        page = pageNow;
        note(now, "page " + pageNow);
      }
    }

    /** Whether 25 packets or more came since the audio came back. */
    boolean flowingAgain() {
      return backAt >= 0 && packets >= backFrom + 25;
    }

    private void note(long at, String change) {
      changes.add("+" + at + " " + change);
      System.out.println("[network] +" + at + " ms " + name + ": " + change);
    }

    @Override
    public String toString() {
      return name + " (ICE " + ice + ", page " + page + ", " + changes + ")";
    }
  }
}
