package dev.duet.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duet.testing.Awaits;
import dev.duet.testing.Browsers;
import dev.duet.testing.Cluster;
import dev.duet.testing.DuetServer;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Two people in two Chromium processes, both opening the page through nginx in front of a cluster
 * of two instances sharing a Redis and a PostgreSQL, are served by different instances and still
 * make a whole room call: each hears the other, chat passes both ways, and a hang-up on one side is
 * seen on the other. When the instance serving one of them is killed, that page reconnects through
 * nginx to the other instance and resumes its session on the same {@code RTCPeerConnection}, with
 * the audio going on and the signaling working again.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterBrowserIT {
  private static final Duration CONNECT = Duration.ofSeconds(5);

  /**
   * Every set-up frame crosses from one instance to the other through Redis; on a loaded 2-core
   * machine the first ones, on cold instances, take longer than a call on one server.
   */
  private static final Duration CROSS_CONNECT = Duration.ofSeconds(15);

  private static final Duration GRACE = Duration.ofSeconds(10);
  private static Cluster cluster;
  private Browsers browsers;

  @BeforeAll
  static void startCluster() {
    Browsers.requireChromium();
    cluster =
        Cluster.start(
            "cluster-browser",
            2,
            Map.of("TRUSTED_PROXIES", "127.0.0.1", "RESUME_GRACE", GRACE.toSeconds() + "s"));
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @BeforeEach
  void start() {
    for (DuetServer instance : cluster.instances()) {
      Awaits.until(
          GRACE.multipliedBy(2),
          () -> instance.stat("active_users") == 0,
          () -> "sessions left over on an instance: " + instance.stats());
    }
    browsers = new Browsers();
  }

  @AfterEach
  void stop() {
    browsers.close();
  }

  /** A call through nginx: alice is on {@code call.aliceOn()}, bob on the other instance. */
  private record Call(Person alice, Person bob, DuetServer aliceOn, DuetServer bobOn) {}

  private Call call(String name) {
    String url =
        cluster
            .nginx()
            .http("/?room=" + name + "-" + UUID.randomUUID().toString().substring(0, 8))
            .toString();
    DuetServer first = cluster.instance(0);
    DuetServer second = cluster.instance(1);
    Person alice = new Person(browsers.person());
    alice.page().navigate(url);
    alice.awaitState("waiting", Duration.ofSeconds(10));
    Awaits.until(
        CONNECT,
        () -> first.stat("active_users") + second.stat("active_users") == 1,
        () -> "alice is not counted once: " + first.stats() + " / " + second.stats());
    DuetServer aliceOn = first.stat("active_users") == 1 ? first : second;
    DuetServer bobOn = aliceOn == first ? second : first;
    Person bob = new Person(browsers.person());
    bob.page().navigate(url);
    bob.awaitConnected(CROSS_CONNECT);
    alice.awaitConnected(CROSS_CONNECT);
    System.out.println(
        "SETUP cluster room call (second peer joined -> ICE connected): "
            + bob.setupMillis()
            + " ms");
    Awaits.until(
        CONNECT,
        () -> bobOn.stat("active_users") == 1,
        () -> "bob is not on the other instance: " + aliceOn.stats() + " / " + bobOn.stats());
    assertEquals(1, aliceOn.stat("active_users"), "alice alone on her instance");
    alice.awaitAudioFrom("bob");
    bob.awaitAudioFrom("alice");
    alice.awaitState("connected", CONNECT);
    bob.awaitState("connected", CONNECT);
    return new Call(alice, bob, aliceOn, bobOn);
  }

  private static void chat(Person from, Person to, String text) {
    from.page().fill("#chat-input", text);
    from.page().click("#send");
    to.page().waitForSelector("#messages li.theirs:has-text('" + text + "')");
    from.page().waitForSelector("#messages li.mine:has-text('" + text + "')");
  }

  @Test
  @Order(1)
  void peopleOnDifferentInstancesCallChatAndHangUp() {
    Call call = call("across");
    Browsers.screenshot(call.bob().page(), "cluster-connected");
    chat(call.alice(), call.bob(), "hello from the first instance");
    chat(call.bob(), call.alice(), "hello from the second instance");

    call.alice().page().click("#hangup");
    call.alice().awaitState("idle", CONNECT);
    call.bob().awaitState("waiting", CONNECT);
    assertTrue(call.bob().status().contains("left"), call.bob().status());
    assertEquals(0, call.alice().openPeerConnections());
    assertEquals(0, call.bob().openPeerConnections());
  }

  @Test
  @Order(2)
  void aPageWhoseInstanceIsKilledResumesOnTheOtherThroughNginx() {
    Call call = call("kill");
    Person alice = call.alice();
    Person bob = call.bob();
    String bobId = bob.userId();

    call.bobOn().kill();
    long killed = System.nanoTime();
    alice.page().waitForSelector("#messages li.system:has-text('is back')");
    bob.awaitState("connected", CONNECT);
    System.out.println(
        "RESUME cluster browser: bob resumed on the other instance "
            + (System.nanoTime() - killed) / 1_000_000
            + " ms after his instance was killed");
    Browsers.screenshot(bob.page(), "cluster-resumed-after-kill");
    assertTrue(bob.resumed(), "bob's session was resumed");
    assertEquals(bobId, bob.userId());
    assertEquals(2, call.aliceOn().stat("active_users"), "both on the surviving instance");
    assertEquals(1, alice.createdPeerConnections(), "the same RTCPeerConnection");
    assertEquals(1, bob.createdPeerConnections(), "the same RTCPeerConnection");
    alice.awaitAudioFrom("bob");
    bob.awaitAudioFrom("alice");
    chat(bob, alice, "back on the other instance");
    chat(alice, bob, "heard you");
  }
}
