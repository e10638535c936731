package dev.duet.interfaces.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duet.testing.Awaits;
import dev.duet.testing.Database;
import dev.duet.testing.DuetServer;
import dev.duet.testing.Signal;
import dev.duet.testing.TestClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Random matching over WebSocket: the rules of the matching issue, one test each. */
class MatchingIT {
  private static final Duration QUIET = Duration.ofMillis(1_500);
  private final DuetServer server = DuetServer.shared();
  private final String tag = "t" + UUID.randomUUID().toString().substring(0, 8);

  @BeforeEach
  void noStrangersLeft() {
    server.awaitNoStrangers();
  }

  private static ClientMessage.RequestRandomPeer request(String... interests) {
    return new ClientMessage.RequestRandomPeer(
        new ClientMessage.RandomPeerPayload(null, List.of(interests)), null);
  }

  private static ServerMessage.Waiting waits(TestClient client, ClientMessage request) {
    client.send(request);
    return client.expect(ServerMessage.Waiting.class);
  }

  /** Matches two clients who ask one after the other; returns the later one's role frame. */
  private static ServerMessage.RolePayload match(TestClient first, TestClient second) {
    waits(first, request());
    waits(second, request());
    ServerMessage.RolePayload later = second.expect(ServerMessage.AssignRole.class).payload();
    ServerMessage.RolePayload earlier = first.expect(ServerMessage.AssignRole.class).payload();
    assertEquals(later.matchId(), earlier.matchId());
    return later;
  }

  @Test
  void twoStrangersAreMatchedAndBecomePeers() {
    try (TestClient a = TestClient.connect(server);
        TestClient b = TestClient.connect(server)) {
      ServerMessage.Waiting waiting = waits(a, request(tag + "-music", "Chess"));
      Instant.parse(waiting.payload().since());
      waits(b, request("CHESS", tag + "-go"));
      ServerMessage.AssignRole toB = b.expect(ServerMessage.AssignRole.class);
      ServerMessage.AssignRole toA = a.expect(ServerMessage.AssignRole.class);
      assertEquals("impolite", toB.payload().role());
      assertEquals("polite", toA.payload().role());
      assertEquals(a.userId(), toB.payload().peerId());
      assertEquals(b.userId(), toA.payload().peerId());
      assertEquals(toA.payload().matchId(), toB.payload().matchId());
      assertEquals(List.of("chess"), toA.payload().commonInterests());
      assertNull(toA.room());

      b.send(new Signal.Offer(a.userId(), jakarta.json.JsonValue.EMPTY_JSON_OBJECT, "o"));
      assertEquals(b.userId(), a.expect(ServerMessage.Offer.class).fromUser());
      a.send(
          new ClientMessage.ChatMessage(
              null, b.userId(), new ClientMessage.ChatPayload("hi stranger"), null));
      assertEquals(Boolean.TRUE, b.expect(ServerMessage.ChatMessage.class).incoming());
      assertEquals(Boolean.FALSE, a.expect(ServerMessage.ChatMessage.class).incoming());
      assertEquals(1, server.stat("active_matches"));
    }
  }

  @Test
  void aSkipEndsTheMatchAndTheSkippedIsNotHandedBack() {
    try (TestClient a = TestClient.connect(server);
        TestClient b = TestClient.connect(server)) {
      String matchId = match(a, b).matchId();
      long skips = server.stat("skips");
      a.send(
          new ClientMessage.RequestRandomPeer(
              new ClientMessage.RandomPeerPayload(b.userId(), null), null));
      ServerMessage.PeerLeft left = b.expect(ServerMessage.PeerLeft.class);
      assertEquals(a.userId(), left.payload().peerId());
      assertEquals("skipped", left.payload().reason());
      assertEquals(matchId, left.payload().matchId());
      a.expect(ServerMessage.Waiting.class);
      waits(b, request());
      a.expectNothing(QUIET);
      b.expectNothingBefore();
      assertEquals(skips + 1, server.stat("skips"));
      assertEquals(2, server.stat("waiting_users"));
      b.send(new Signal.Offer(a.userId(), null, null));
      b.expectError("not_your_peer");

      try (TestClient c = TestClient.connect(server)) {
        waits(c, request());
        assertEquals(a.userId(), c.expect(ServerMessage.AssignRole.class).payload().peerId());
        assertEquals(c.userId(), a.expect(ServerMessage.AssignRole.class).payload().peerId());
      }
    }
  }

  @Test
  void sharedInterestsWinAndOthersWaitUntilTheFallback() {
    try (TestClient chess = TestClient.connect(server);
        TestClient jazz = TestClient.connect(server);
        TestClient jazzToo = TestClient.connect(server);
        TestClient go = TestClient.connect(server)) {
      waits(chess, request(tag + "-chess"));
      waits(jazz, request(tag + "-jazz"));
      waits(jazzToo, request(tag + "-go", tag + "-jazz"));
      ServerMessage.RolePayload role = jazzToo.expect(ServerMessage.AssignRole.class).payload();
      assertEquals(jazz.userId(), role.peerId(), "the sharing waiter, not the longest waiter");
      assertEquals(List.of(tag + "-jazz"), role.commonInterests());
      jazz.expect(ServerMessage.AssignRole.class);

      waits(go, request(tag + "-go"));
      ServerMessage.RolePayload late = go.expect(ServerMessage.AssignRole.class).payload();
      assertEquals(chess.userId(), late.peerId(), "after the fallback anyone will do");
      assertEquals(List.of(), late.commonInterests());
      chess.expect(ServerMessage.AssignRole.class);
    }
  }

  @Test
  void bothPartnersSkippingAtOnceAreBothQueued() throws Exception {
    try (TestClient a = TestClient.connect(server);
        TestClient b = TestClient.connect(server)) {
      match(a, b);
      CountDownLatch go = new CountDownLatch(1);
      ExecutorService pool = Executors.newFixedThreadPool(2);
      try {
        Future<?> skipA = pool.submit(() -> skipAt(go, a));
        Future<?> skipB = pool.submit(() -> skipAt(go, b));
        go.countDown();
        skipA.get(10, TimeUnit.SECONDS);
        skipB.get(10, TimeUnit.SECONDS);
      } finally {
        pool.shutdownNow();
      }
      for (TestClient client : List.of(a, b)) {
        client.send(new ClientMessage.Ping("sync"));
        String frame;
        while (!(frame = client.nextRaw()).contains("\"pong\"")) {
          ServerMessage message = Json.JSONB.fromJson(frame, ServerMessage.class);
          assertTrue(
              message instanceof ServerMessage.Waiting || message instanceof ServerMessage.PeerLeft,
              frame);
        }
      }
      assertEquals(2, server.stat("waiting_users"));
      assertEquals(0, server.stat("active_matches"));
    }
  }

  private static Void skipAt(CountDownLatch go, TestClient client) throws InterruptedException {
    go.await();
    client.send(request());
    return null;
  }

  @Test
  void matchesAndReportsAreRecorded() {
    try (TestClient a = TestClient.connect(server);
        TestClient b = TestClient.connect(server)) {
      waits(a, request(tag + "-x"));
      waits(b, request(tag + "-x"));
      String matchId = b.expect(ServerMessage.AssignRole.class).payload().matchId();
      a.expect(ServerMessage.AssignRole.class);
      b.send(
          new ClientMessage.ReportPeer(
              new ClientMessage.ReportPayload(a.userId(), matchId, "shouting"), null));
      b.expect(ServerMessage.Ack.class);
      Awaits.until(
          Duration.ofSeconds(15),
          () ->
              "BLOCKED"
                  .equals(row("SELECT * FROM matches WHERE id = ?", matchId).get("end_reason")),
          () -> "match row: " + row("SELECT * FROM matches WHERE id = ?", matchId));
      Map<String, Object> match = row("SELECT * FROM matches WHERE id = ?", matchId);
      assertEquals(a.userId(), match.get("polite_user"));
      assertEquals(b.userId(), match.get("impolite_user"));
      assertEquals("\u001f" + tag + "-x", match.get("common_interests"), "each tag behind U+001F");
      Map<String, Object> report = row("SELECT * FROM reports WHERE match_id = ?", matchId);
      assertEquals(b.userId(), report.get("reporter"));
      assertEquals(a.userId(), report.get("reported"));
      assertEquals("shouting", report.get("reason"));
    }
  }

  private Map<String, Object> row(String sql, String id) {
    List<Map<String, Object>> rows = Database.query(server.database(), sql, id);
    return rows.isEmpty() ? Map.of() : rows.get(0);
  }

  @Test
  void withoutASharedInterestBothWaitOneFallback() {
    try (TestClient a = TestClient.connect(server);
        TestClient b = TestClient.connect(server)) {
      waits(a, request(tag + "-a"));
      Instant asked = Instant.now();
      waits(b, request(tag + "-b"));
      b.expectNothingBefore();
      assertEquals(a.userId(), b.expect(ServerMessage.AssignRole.class).payload().peerId());
      a.expect(ServerMessage.AssignRole.class);
      assertTrue(Duration.between(asked, Instant.now()).toMillis() >= 500);
    }
  }

  @Test
  void hangingUpEndsTheMatch() {
    try (TestClient a = TestClient.connect(server);
        TestClient b = TestClient.connect(server)) {
      match(a, b);
      a.send(new Signal.Hangup(b.userId(), null, "bye"));
      assertEquals("bye", b.expect(ServerMessage.Hangup.class).messageId());
      a.send(new Signal.Offer(b.userId(), null, null));
      a.expectError("not_your_peer");
      assertEquals(0, server.stat("active_matches"));
    }
  }

  @Test
  void blockAndReportAreAcknowledgedAndKeepUsersApart() {
    try (TestClient a = TestClient.connect(server);
        TestClient b = TestClient.connect(server);
        TestClient c = TestClient.connect(server)) {
      String matchId = match(a, b).matchId();
      a.send(
          new ClientMessage.ReportPeer(
              new ClientMessage.ReportPayload(b.userId(), matchId, "spam"), "r1"));
      ServerMessage.Ack ack = a.expect(ServerMessage.Ack.class);
      assertEquals("report_peer", ack.payload().of());
      assertEquals("r1", ack.messageId());
      assertEquals("skipped", b.expect(ServerMessage.PeerLeft.class).payload().reason());
      c.send(
          new ClientMessage.ReportPeer(
              new ClientMessage.ReportPayload(a.userId(), matchId, "lies"), null));
      c.expectError("not_your_peer");
      c.send(new ClientMessage.BlockPeer(new ClientMessage.PeerPayload(a.userId()), "b1"));
      assertEquals("b1", c.expectError("not_your_peer").messageId(), "c never met a");
      c.send(new ClientMessage.BlockPeer(new ClientMessage.PeerPayload("not valid!"), null));
      c.expectError("bad_message");
      b.send(new ClientMessage.BlockPeer(new ClientMessage.PeerPayload(a.userId()), "b2"));
      assertEquals("block_peer", b.expect(ServerMessage.Ack.class).payload().of());

      waits(a, request());
      waits(b, request());
      waits(c, request());
      assertEquals(c.userId(), a.expect(ServerMessage.AssignRole.class).payload().peerId());
      c.expect(ServerMessage.AssignRole.class);
      b.expectNothing(QUIET);
    }
  }

  @Test
  void availabilityMessagesFromSeed002Work() {
    try (TestClient a = TestClient.connect(server);
        TestClient b = TestClient.connect(server)) {
      a.send(new ClientMessage.UserAvailable(null));
      a.expect(ServerMessage.Waiting.class);
      a.send(new ClientMessage.UserUnavailable(null));
      a.send(new ClientMessage.Ping("sync"));
      a.expect(ServerMessage.Pong.class);
      assertEquals(0, server.stat("waiting_users"));
      b.send(new ClientMessage.UserAvailable(null));
      b.expect(ServerMessage.Waiting.class);
      b.expectNothingBefore();
      a.send(new ClientMessage.UserAvailable(null));
      a.expect(ServerMessage.Waiting.class);
      assertEquals(b.userId(), a.expect(ServerMessage.AssignRole.class).payload().peerId());
    }
  }

  @Test
  void disconnectingEndsTheMatchAndLeavesTheQueue() {
    try (TestClient a = TestClient.connect(server)) {
      TestClient b = TestClient.connect(server);
      String matchId = match(a, b).matchId();
      b.close();
      ServerMessage.PeerLeft left = a.expect(ServerMessage.PeerLeft.class);
      assertEquals("disconnected", left.payload().reason());
      assertEquals(matchId, left.payload().matchId());
      waits(a, request(tag));
      a.close();
      server.awaitNoStrangers();
    }
  }

  @Test
  void badInterestsAreRefused() {
    try (TestClient a = TestClient.connect(server)) {
      waits(a, request()).payload();
      a.send(request("x".repeat(33)));
      a.expectError("bad_message");
      a.sendRaw("{\"type\":\"request_random_peer\",\"payload\":{\"interests\":\"music\"}}");
      assertEquals("bad_message", a.expect(ServerMessage.ErrorResponse.class).payload().code());
      a.send(request("1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11"));
      a.expectError("bad_message");
      assertEquals(1, server.stat("waiting_users"), "a failed request changes nothing");
    }
  }

  @Test
  void statsShowTheQueueAndWaitTimes() {
    try (TestClient a = TestClient.connect(server);
        TestClient b = TestClient.connect(server)) {
      long made = server.stat("matches_made");
      match(a, b);
      var stats = server.stats();
      for (String key :
          Set.of(
              "waiting_users",
              "active_matches",
              "matches_made",
              "skips",
              "wait_avg_ms",
              "wait_p95_ms")) {
        assertTrue(stats.containsKey(key), key);
      }
      assertEquals(made + 1, server.stat("matches_made"));
    }
  }
}
