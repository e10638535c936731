package dev.duet.interfaces.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duet.testing.Awaits;
import dev.duet.testing.Cluster;
import dev.duet.testing.DuetServer;
import dev.duet.testing.Moderators;
import dev.duet.testing.Signal;
import dev.duet.testing.TestClient;
import dev.duet.testing.Tunnel;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Three instances of the WAR sharing a real Redis and PostgreSQL behind a real nginx: users on
 * different instances share rooms and relay everything in order, matches are recorded once, a user
 * id is held once in the cluster, a session resumes on any instance with what was sent meanwhile,
 * Redis restarts are reported by readiness and survived, and the clients of a killed instance
 * resume on the others.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {
  private static final Duration RESUME_GRACE = Duration.ofSeconds(6);
  private static Cluster cluster;

  @BeforeAll
  static void start() {
    cluster =
        Cluster.start(
            "cluster",
            3,
            Map.of(
                "RESUME_GRACE", RESUME_GRACE.toSeconds() + "s",
                "ROOM_TTL", "2s",
                "CLEANUP_INTERVAL", "250ms",
                "INTEREST_FALLBACK", "1s",
                "ADMIN_TOKEN", Moderators.TOKEN,
                "TRUSTED_PROXIES", "127.0.0.1"));
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  private static DuetServer on(int index) {
    return cluster.instance(index);
  }

  private static JsonObject payload(Object value) {
    return Json.createObjectBuilder().add("v", String.valueOf(value)).build();
  }

  /** Two clients in a fresh room, the first through {@code first}, the second on instance 1. */
  private static Pair roomAcross(java.util.function.Function<String, java.net.URI> first) {
    return Pair.inRoom(on(1), first);
  }

  @Test
  @Order(1)
  void membersOnDifferentInstancesShareARoomAndRelayInOrder() {
    try (Pair call = roomAcross(on(0)::ws)) {
      TestClient a = call.polite();
      TestClient b = call.impolite();
      b.send(new Signal.Offer(a.userId(), payload("sdp-offer"), "o1"));
      ServerMessage.Offer offer = a.expect(ServerMessage.Offer.class);
      assertEquals(b.userId(), offer.fromUser());
      a.send(new Signal.Answer(b.userId(), payload("sdp-answer"), "a1"));
      assertEquals("a1", b.expect(ServerMessage.Answer.class).messageId());
      int count = 300;
      for (int i = 0; i < count; i++) {
        b.send(new Signal.Candidate(a.userId(), payload(i), "c" + i));
      }
      for (int i = 0; i < count; i++) {
        assertEquals("c" + i, a.expect(ServerMessage.Candidate.class).messageId(), "in order");
      }
      a.send(
          new ClientMessage.ChatMessage(
              call.room(), null, new ClientMessage.ChatPayload("hello"), "m1"));
      assertEquals("hello", b.expect(ServerMessage.ChatMessage.class).payload().content());
      assertEquals("hello", a.expect(ServerMessage.ChatMessage.class).payload().content());
      try (TestClient third = TestClient.connect(on(2))) {
        third.send(new ClientMessage.JoinRoom(call.room(), null, "j"));
        third.expectError("room_full");
      }
      a.send(new ClientMessage.LeaveRoom(call.room(), "l"));
      a.expect(ServerMessage.RoomLeft.class);
      ServerMessage.PeerLeft left = b.expect(ServerMessage.PeerLeft.class);
      assertEquals(a.userId(), left.payload().peerId());
      assertEquals("left", left.payload().reason());
    }
  }

  @Test
  @Order(2)
  void strangersOnDifferentInstancesAreMatchedAndRelayEverything() {
    try (TestClient a = TestClient.connect(on(0));
        TestClient b = TestClient.connect(on(2))) {
      a.send(
          new ClientMessage.RequestRandomPeer(
              new ClientMessage.RandomPeerPayload(null, List.of("jazz")), "r1"));
      a.expect(ServerMessage.Waiting.class);
      b.send(
          new ClientMessage.RequestRandomPeer(
              new ClientMessage.RandomPeerPayload(null, List.of("Jazz", "go")), "r2"));
      b.expect(ServerMessage.Waiting.class);
      ServerMessage.RolePayload aRole = a.expect(ServerMessage.AssignRole.class).payload();
      ServerMessage.RolePayload bRole = b.expect(ServerMessage.AssignRole.class).payload();
      assertEquals(b.userId(), aRole.peerId());
      assertEquals(a.userId(), bRole.peerId());
      assertEquals(aRole.matchId(), bRole.matchId());
      assertEquals("polite", aRole.role(), "the earlier waiter is polite");
      assertEquals("impolite", bRole.role());
      assertEquals(List.of("jazz"), bRole.commonInterests());
      b.send(new Signal.Offer(a.userId(), payload("offer"), "o"));
      assertEquals("o", a.expect(ServerMessage.Offer.class).messageId());
      a.send(new Signal.Answer(b.userId(), payload("answer"), "a"));
      assertEquals("a", b.expect(ServerMessage.Answer.class).messageId());
      a.send(
          new ClientMessage.ChatMessage(
              null, b.userId(), new ClientMessage.ChatPayload("hi"), "c"));
      assertEquals("hi", b.expect(ServerMessage.ChatMessage.class).payload().content());
      a.expect(ServerMessage.ChatMessage.class);
      a.send(
          new ClientMessage.RequestRandomPeer(
              new ClientMessage.RandomPeerPayload(b.userId(), List.of()), "next"));
      ServerMessage.PeerLeft skipped = b.expect(ServerMessage.PeerLeft.class);
      assertEquals("skipped", skipped.payload().reason());
      assertEquals(aRole.matchId(), skipped.payload().matchId());
      a.expect(ServerMessage.Waiting.class);
      a.send(new ClientMessage.UserUnavailable("stop"));
      Awaits.until(
          Duration.ofSeconds(15),
          () -> "SKIPPED".equals(matchRow(aRole.matchId()).get("end_reason")),
          () -> "the match, once, ended as skipped, in PostgreSQL: " + matchRow(aRole.matchId()));
      for (TestClient user : List.of(a, b)) {
        Awaits.until(
            Duration.ofSeconds(15),
            () ->
                cluster
                        .postgres()
                        .query("SELECT * FROM sessions WHERE user_id = ?", user.userId())
                        .size()
                    == 1,
            () -> "the session of " + user.userId() + " in PostgreSQL");
      }
    }
  }

  private static Map<String, Object> matchRow(String matchId) {
    List<Map<String, Object>> rows =
        cluster.postgres().query("SELECT * FROM matches WHERE id = ?", matchId);
    assertTrue(rows.size() <= 1, "one row per match: " + rows);
    return rows.isEmpty() ? Map.of() : rows.get(0);
  }

  @Test
  @Order(2)
  void aMatchGoesOnWhenASideResumesOnAnotherInstanceAndItsEndReachesIt() {
    try (Tunnel tunnel = Tunnel.to(on(0));
        TestClient a = TestClient.connect(tunnel.ws(""));
        TestClient b = TestClient.connect(on(2))) {
      a.send(new ClientMessage.UserAvailable("r1"));
      a.expect(ServerMessage.Waiting.class);
      b.send(new ClientMessage.UserAvailable("r2"));
      b.expect(ServerMessage.Waiting.class);
      String matchId = a.expect(ServerMessage.AssignRole.class).payload().matchId();
      b.expect(ServerMessage.AssignRole.class);
      tunnel.cut();
      assertEquals(a.userId(), b.expect(ServerMessage.PeerReconnecting.class).payload().peerId());
      try (TestClient back = TestClient.resume(on(1), a.token())) {
        ServerMessage.RolePayload match =
            back.expect(ServerMessage.SessionState.class).payload().match();
        assertEquals(matchId, match.matchId());
        assertEquals(b.userId(), match.peerId());
        b.expect(ServerMessage.PeerReconnected.class);
        b.send(new Signal.Offer(a.userId(), payload("again"), "o"));
        assertEquals("o", back.expect(ServerMessage.Offer.class).messageId());
        b.send(
            new ClientMessage.RequestRandomPeer(
                new ClientMessage.RandomPeerPayload(a.userId(), List.of()), "next"));
        ServerMessage.PeerLeft left = back.expect(ServerMessage.PeerLeft.class);
        assertEquals(matchId, left.payload().matchId());
        assertEquals("skipped", left.payload().reason());
        b.send(new ClientMessage.UserUnavailable("stop"));
      }
    }
  }

  @Test
  @Order(3)
  void aUserIdIsHeldByOneSessionInTheWholeCluster() {
    String userId = "one-" + UUID.randomUUID().toString().substring(0, 8);
    try (TestClient first = TestClient.connect(on(0), "userId=" + userId)) {
      TestClient second = TestClient.open(on(2).ws("userId=" + userId));
      assertEquals(Closes.USER_ID_TAKEN, second.awaitClose().getCloseCode().getCode());
      first.send(new ClientMessage.Ping("p"));
      first.expect(ServerMessage.Pong.class);
    }
  }

  @Test
  @Order(3)
  void aBanMadeThroughOneInstanceHoldsOnEveryOtherAndShadowPoolsSpanThem() {
    String bad = "bad-" + UUID.randomUUID().toString().substring(0, 8);
    Map<String, String> from = Map.of("X-Forwarded-For", "10.21.1.5");
    try (TestClient user = TestClient.connect(on(1), "userId=" + bad, from)) {
      String device = user.hello().deviceToken();
      Moderators viaFirst = new Moderators(on(0), "Ann");
      Awaits.until(
          Duration.ofSeconds(10),
          () -> viaFirst.ban("device", bad, "1h", "Evasion", false).status() == 201,
          () -> "the device of " + bad + " was not on record");
      user.send(ModerationIT.request(List.of("any")));
      assertEquals(4403, user.awaitClose().getCloseCode().getCode(), "at its next request");
      for (int i = 0; i < 3; i++) {
        TestClient again = TestClient.open(on(i).ws("userId=new-" + i + "&device=" + device));
        assertEquals(4403, again.awaitClose().getCloseCode().getCode(), "instance " + i);
      }
    }
    List<TestClient> shadowed = List.of(TestClient.connect(on(0)), TestClient.connect(on(2)));
    List<TestClient> plain = List.of(TestClient.connect(on(1)), TestClient.connect(on(2)));
    try {
      Moderators viaSecond = new Moderators(on(1), "Bo");
      shadowed.forEach(
          c -> assertEquals(201, viaSecond.ban("user", c.userId(), "1h", "Shadow", true).status()));
      List<String> tags = List.of("shadow-" + UUID.randomUUID().toString().substring(0, 8));
      for (TestClient c : List.of(shadowed.get(0), plain.get(0), plain.get(1), shadowed.get(1))) {
        c.send(ModerationIT.request(tags));
      }
      assertEquals(
          shadowed.get(1).userId(), ModerationIT.nextMatch(shadowed.get(0)).payload().peerId());
      assertEquals(plain.get(1).userId(), ModerationIT.nextMatch(plain.get(0)).payload().peerId());
    } finally {
      shadowed.forEach(TestClient::close);
      plain.forEach(TestClient::close);
    }
  }

  @Test
  @Order(4)
  void aSessionResumesOnAnotherInstanceWithWhatWasSentMeanwhile() {
    // The chat to the room may still be on its way to the instance the session left when the
    // session moves (its sender's own copy came back at once), and then follows session_state.
    try (Tunnel tunnel = Tunnel.to(on(0));
        Pair call = roomAcross(tunnel::ws)) {
      TestClient a = call.polite();
      TestClient b = call.impolite();
      tunnel.cut();
      assertEquals(a.userId(), b.expect(ServerMessage.PeerReconnecting.class).payload().peerId());
      b.send(new Signal.Offer(a.userId(), payload("sdp-1"), "o1"));
      b.send(
          new ClientMessage.ChatMessage(
              call.room(), null, new ClientMessage.ChatPayload("still there?"), "m1"));
      b.expect(ServerMessage.ChatMessage.class);
      try (TestClient back = TestClient.resume(on(2), a.token())) {
        assertTrue(back.hello().resumed());
        assertEquals(a.userId(), back.userId());
        assertEquals("o1", back.expect(ServerMessage.Offer.class).messageId());
        ServerMessage first = back.expect(ServerMessage.class);
        ServerMessage second = back.expect(ServerMessage.class);
        ServerMessage.ChatMessage chat =
            (ServerMessage.ChatMessage)
                (first instanceof ServerMessage.ChatMessage ? first : second);
        assertEquals("still there?", chat.payload().content());
        ServerMessage.StatePayload state =
            ((ServerMessage.SessionState)
                    (first instanceof ServerMessage.SessionState ? first : second))
                .payload();
        assertEquals(List.of(call.room()), state.rooms());
        assertEquals(null, state.match());
        assertEquals(a.userId(), b.expect(ServerMessage.PeerReconnected.class).payload().peerId());
        back.send(new Signal.Answer(b.userId(), payload("sdp-2"), "a1"));
        assertEquals("a1", b.expect(ServerMessage.Answer.class).messageId());
        back.send(new ClientMessage.GetRooms("g"));
        assertEquals(
            List.of(call.room()), back.expect(ServerMessage.RoomsList.class).payload().rooms());
      }
    }
  }

  @Test
  @Order(5)
  void readinessSaysWhyWhileRedisIsDownAndRecoversByItself() throws Exception {
    Pair before = roomAcross(on(0)::ws);
    cluster.redis().stop();
    try {
      for (DuetServer instance : cluster.instances()) {
        Awaits.until(
            Duration.ofSeconds(10),
            () -> redisCheck(instance).getString("status").equals("DOWN"),
            () -> "still ready: " + redisCheck(instance));
        assertTrue(
            redisCheck(instance).getJsonObject("data").getString("reason").contains("Redis"),
            redisCheck(instance).toString());
      }
      before.impolite().send(new Signal.Offer(before.polite().userId(), null, "down"));
      assertEquals("down", before.impolite().expectError("unavailable").messageId());
      TestClient refused = TestClient.open(on(1).ws(""));
      assertEquals(Closes.TOO_SLOW, refused.awaitClose().getCloseCode().getCode(), "1013");
    } finally {
      cluster.redis().startAgain();
    }
    for (DuetServer instance : cluster.instances()) {
      Awaits.until(
          Duration.ofSeconds(20),
          () -> ready(instance).statusCode() == 200,
          () -> "not ready again: " + ready(instance).body());
    }
    try (Pair call = roomAcross(on(2)::ws)) {
      call.impolite().send(new Signal.Offer(call.polite().userId(), payload("x"), "o"));
      assertEquals("o", call.polite().expect(ServerMessage.Offer.class).messageId());
    }
    try (before) {
      Awaits.until(
          Duration.ofSeconds(10),
          () -> {
            before.impolite().send(new Signal.Offer(before.polite().userId(), null, "r"));
            return before.polite().poll(Duration.ofMillis(500)) != null;
          },
          () -> "a call made before Redis restarted does not relay again");
    }
  }

  @Test
  @Order(6)
  void anInstancePausedPastItsLeaseTakesItsSessionsBack() throws Exception {
    try (Pair call = roomAcross(on(0)::ws)) {
      TestClient a = call.polite();
      TestClient b = call.impolite();
      long pid = on(0).jvm().pid();
      signal("STOP", pid);
      try {
        assertEquals(
            a.userId(),
            b.expect(ServerMessage.PeerReconnecting.class, Duration.ofSeconds(20))
                .payload()
                .peerId(),
            "another instance adopted the paused one's session");
        b.send(new Signal.Offer(a.userId(), payload("while paused"), "o1"));
      } finally {
        signal("CONT", pid);
      }
      assertEquals(
          a.userId(),
          b.expect(ServerMessage.PeerReconnected.class, Duration.ofSeconds(10)).payload().peerId());
      assertEquals("o1", a.expect(ServerMessage.Offer.class).messageId());
      a.send(new Signal.Answer(b.userId(), payload("back"), "a1"));
      assertEquals("a1", b.expect(ServerMessage.Answer.class).messageId());
    }
  }

  private static void signal(String name, long pid) throws Exception {
    Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid)).inheritIO().start();
    assertEquals(0, kill.waitFor(), "kill -" + name);
  }

  @Test
  @Order(10)
  void theClientsOfAKilledInstanceResumeOnTheOthersThroughNginx() throws Exception {
    int pairs = 10;
    List<Pair> calls = new java.util.ArrayList<>();
    try {
      for (int i = 0; i < pairs; i++) {
        calls.add(roomAcross(on(2)::ws));
      }
      Pair absent = roomAcross(on(2)::ws);
      calls.add(absent);
      Pair adopted = roomAcross(on(2)::ws);
      calls.add(adopted);
      on(2).kill();
      for (Pair call : calls) {
        call.polite().awaitClose();
      }
      for (Pair call : calls.subList(0, pairs)) {
        call.impolite().send(new Signal.Offer(call.polite().userId(), payload(1), "o1"));
      }
      try (StatefulRedisConnection<String, String> redis =
          RedisClient.create(cluster.redis().url()).connect()) {
        for (Pair call : calls.subList(0, pairs)) {
          Awaits.until(
              Duration.ofSeconds(10),
              () -> redis.sync().llen("duet:held:" + call.polite().userId()) == 1,
              () -> "the offer to a user of the dead instance was not buffered");
          long kept = redis.sync().pttl("duet:held:" + call.polite().userId());
          assertTrue(
              kept > RESUME_GRACE.toMillis(),
              "the buffered offer is kept longer than RESUME_GRACE, while the dead instance's"
                  + " lease runs and its sessions can still be resumed: "
                  + kept
                  + " ms");
        }
      }
      for (Pair call : calls.subList(0, pairs)) {
        TestClient a = call.polite();
        TestClient b = call.impolite();
        try (TestClient back = TestClient.connect(cluster.nginx().ws("token=" + a.token()))) {
          assertTrue(back.hello().resumed(), "resumed through nginx");
          assertEquals("o1", back.expect(ServerMessage.Offer.class).messageId());
          assertEquals(
              List.of(call.room()),
              back.expect(ServerMessage.SessionState.class).payload().rooms());
          assertEquals(
              a.userId(), b.expect(ServerMessage.PeerReconnected.class).payload().peerId());
          back.send(new Signal.Answer(b.userId(), payload(2), "a1"));
          assertEquals("a1", b.expect(ServerMessage.Answer.class).messageId());
          back.send(new ClientMessage.Leave("bye"));
          ServerMessage.PeerLeft left = b.expect(ServerMessage.PeerLeft.class);
          assertEquals(a.userId(), left.payload().peerId());
        }
      }
      TestClient orphaned = absent.impolite();
      assertEquals(
          absent.polite().userId(),
          orphaned
              .expect(ServerMessage.PeerReconnecting.class, Duration.ofSeconds(20))
              .payload()
              .peerId(),
          "an instance adopts the dead one's sessions and tells their peers");
      assertEquals(
          adopted.polite().userId(),
          adopted.impolite().expect(ServerMessage.PeerReconnecting.class).payload().peerId());
      try (TestClient back =
          TestClient.connect(adopter(adopted.polite()).ws("token=" + adopted.polite().token()))) {
        assertTrue(back.hello().resumed(), "resumed on the instance that adopted the session");
        assertEquals(
            List.of(adopted.room()),
            back.expect(ServerMessage.SessionState.class).payload().rooms(),
            "what the dead instance had not sent is lost: the client is told the state");
      }
      ServerMessage.PeerLeft gone =
          orphaned.expect(ServerMessage.PeerLeft.class, Duration.ofSeconds(15));
      assertEquals("timeout", gone.payload().reason());
    } finally {
      calls.forEach(Pair::close);
    }
  }

  /** The instance that serves {@code client}'s session now, from the session directory. */
  private static DuetServer adopter(TestClient client) {
    RedisClient redisClient = RedisClient.create(cluster.redis().url());
    try (StatefulRedisConnection<String, String> redis = redisClient.connect()) {
      String instance = redis.sync().hget("duet:session:" + client.userId(), "inst");
      int index = cluster.instances().size();
      while (--index >= 0 && !("cluster-" + index).equals(instance)) {}
      assertTrue(index >= 0 && index != 2, "the session is served by a live instance: " + instance);
      return on(index);
    } finally {
      redisClient.shutdown();
    }
  }

  private static HttpResponse<String> ready(DuetServer instance) {
    try {
      return DuetServer.get(instance.health("/ready"));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static JsonObject redisCheck(DuetServer instance) {
    String body = ready(instance).body();
    return Json.createReader(new StringReader(body)).readObject().getJsonArray("checks").stream()
        .map(JsonValue::asJsonObject)
        .filter(check -> check.getString("name").equals("redis"))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no redis check in " + body));
  }
}
