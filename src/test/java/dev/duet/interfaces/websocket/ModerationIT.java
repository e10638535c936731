package dev.duet.interfaces.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duet.testing.Awaits;
import dev.duet.testing.DuetServer;
import dev.duet.testing.Moderators;
import dev.duet.testing.TestClient;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.websocket.CloseReason;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Bans that hold, tried the ways an abuser would get past them: the token, a new user id on the
 * same device, no device token on the same network, and a neighbour on another prefix who must not
 * be touched; expiry; a moderator resolving a report; the admin API's refusals. Every client claims
 * its address through {@code X-Forwarded-For} ({@code TRUSTED_PROXIES} is the loopback), each test
 * from networks of its own.
 */
@Timeout(120)
class ModerationIT {
  private static DuetServer server;
  private static Moderators moderator;

  @BeforeAll
  static void start() {
    server = Moderators.server();
    moderator = new Moderators(server, "Ann Moderator");
  }

  static String id(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  static TestClient from(String address, String query) {
    return TestClient.connect(server, query, Map.of("X-Forwarded-For", address)).passGate();
  }

  /** A connection from {@code address} with {@code query}, which must be closed with 4403. */
  static CloseReason refused(String address, String query) {
    TestClient client = TestClient.open(server.ws(query), Map.of("X-Forwarded-For", address));
    CloseReason reason = client.awaitClose();
    assertEquals(4403, reason.getCloseCode().getCode(), reason.toString());
    return reason;
  }

  /**
   * The client's next {@code assign_role}, past {@code waiting} and {@code peer_left} (a skipped
   * match).
   */
  static ServerMessage.AssignRole nextMatch(TestClient client) {
    while (true) {
      ServerMessage message = client.expect(ServerMessage.class);
      if (message instanceof ServerMessage.AssignRole role) {
        return role;
      }
      assertTrue(
          message instanceof ServerMessage.Waiting || message instanceof ServerMessage.PeerLeft,
          message.toString());
    }
  }

  /** {@code request_random_peer} with these interests. */
  static ClientMessage request(List<String> tags) {
    return new ClientMessage.RequestRandomPeer(
        new ClientMessage.RandomPeerPayload(null, tags), null);
  }

  /** Two clients matched with each other; returns the match id. */
  static String match(TestClient a, TestClient b) {
    String tag = id("t");
    List<String> tags = List.of(tag);
    a.send(
        new ClientMessage.RequestRandomPeer(new ClientMessage.RandomPeerPayload(null, tags), null));
    a.expectAfter(ServerMessage.PeerLeft.class, ServerMessage.Waiting.class);
    b.send(
        new ClientMessage.RequestRandomPeer(new ClientMessage.RandomPeerPayload(null, tags), null));
    String matchId = nextMatch(a).payload().matchId();
    assertEquals(a.userId(), nextMatch(b).payload().peerId());
    return matchId;
  }

  @Test
  void aUserBanClosesTheSessionAndHoldsAgainstItsTokenButNotItsNeighbour() {
    String bad = id("bad");
    try (TestClient user = from("10.11.1.5", "userId=" + bad)) {
      String token = user.token();
      user.send(request(List.of(id("q"))));
      user.expect(ServerMessage.Waiting.class);
      Moderators.Answer made = moderator.ban("user", bad, "1h", "Spamming links", false);
      assertEquals(201, made.status(), made.toString());
      CloseReason closed = user.awaitClose();
      assertEquals(4403, closed.getCloseCode().getCode());
      assertTrue(
          closed
              .getReasonPhrase()
              .matches("banned until \\d{4}-\\d\\d-\\d\\dT[0-9:]+Z: Spamming links"),
          closed.getReasonPhrase());
      refused("10.99.0.1", "token=" + token);
      refused("10.99.0.2", "userId=" + bad);
      Awaits.until(
          Duration.ofSeconds(5),
          () ->
              ((Number) server.stats().get("waiting_users")).intValue() == 0
                  && ((Number) server.stats().get("active_users")).intValue() == 0,
          () -> "a 4403 left a queue place or a session: " + server.stats());
      try (TestClient neighbour = from("10.11.1.6", "")) {
        assertNotEquals(bad, neighbour.userId());
      }
      Moderators.Answer lifted = moderator.lift(made.ban().getString("id"));
      assertEquals(200, lifted.status(), lifted.toString());
      assertEquals(false, lifted.ban().getBoolean("active"));
      try (TestClient back = from("10.11.1.5", "userId=" + bad)) {
        assertEquals(bad, back.userId());
      }
    }
  }

  @Test
  void aDeviceBanHoldsForANewUserIdAndLeavesOtherDevicesAlone() {
    String bad = id("dev");
    String device;
    try (TestClient user = from("10.12.1.5", "userId=" + bad)) {
      device = user.hello().deviceToken();
      assertNotNull(device);
    }
    try (TestClient again = from("10.12.1.5", "device=" + device)) {
      assertEquals(device, again.hello().deviceToken(), "a device keeps its token");
    }
    assertEquals(201, moderator.ban("device", bad, "1h", "Ban evasion", false).status());
    refused("10.98.0.1", "userId=" + id("fresh") + "&device=" + device);
    refused("10.98.0.1", "device=" + device);
    try (TestClient cleared = from("10.98.0.1", "userId=" + id("fresh"))) {
      assertNotEquals(device, cleared.hello().deviceToken(), "a cleared device is a new one");
    }
  }

  @Test
  void aNetworkBanHoldsToThe24WithoutAnyTokenAndA48OnlyWhenAsked() {
    String bad = id("net");
    try (TestClient user = from("10.13.1.5", "userId=" + bad)) {
      assertEquals(201, moderator.ban("network", bad, "1h", "Bot farm", false).status());
      assertEquals(4403, user.awaitClose().getCloseCode().getCode());
    }
    refused("10.13.1.200", "");
    try (TestClient otherPrefix = from("10.13.2.5", "")) {
      assertNotNull(otherPrefix.userId());
    }
    String v6 = id("v6");
    try (TestClient user = from("2001:db8:13:1::5", "userId=" + v6)) {
      user.token();
    }
    assertEquals(201, moderator.ban("network", v6, "1h", "Wide", false, true).status());
    refused("2001:db8:13:ffff::1", "");
    try (TestClient outside = from("2001:db8:14::1", "")) {
      assertNotNull(outside.userId());
    }
    String v4 = id("v4");
    try (TestClient user = from("10.13.3.5", "userId=" + v4)) {
      user.token();
    }
    assertEquals(400, moderator.ban("network", v4, "1h", "x", false, true).status(), "no /48");
  }

  @Test
  void aShortBanEndsByItself() {
    String bad = id("short");
    try (TestClient user = from("10.14.1.5", "userId=" + bad)) {
      user.token();
    }
    assertEquals(201, moderator.ban("user", bad, "2s", "Cool down", false).status());
    refused("10.14.1.5", "userId=" + bad);
    Awaits.until(
        Duration.ofSeconds(10),
        () -> {
          TestClient client =
              TestClient.open(server.ws("userId=" + bad), Map.of("X-Forwarded-For", "10.14.1.5"));
          Object first = client.nextFrameOrClose();
          client.close();
          return !(first instanceof CloseReason);
        },
        () -> "still refused");
  }

  @Test
  void aModeratorResolvesAReportWithABanAndEveryStepIsAudited() {
    try (TestClient reporter = from("10.15.1.5", "");
        TestClient reported = from("10.15.2.5", "")) {
      String matchId = match(reporter, reported);
      reporter.send(
          new ClientMessage.ReportPeer(
              new ClientMessage.ReportPayload(reported.userId(), matchId, "Rude words"), null));
      reporter.expect(ServerMessage.Ack.class);
      JsonObject report =
          Awaits.value(
              Duration.ofSeconds(10),
              () ->
                  moderator.list("reports?status=open", "reports").stream()
                      .map(JsonObject.class::cast)
                      .filter(r -> r.getString("matchId").equals(matchId))
                      .findFirst()
                      .orElse(null),
              () -> "the report is not listed");
      assertEquals(reported.userId(), report.getString("reported"));
      assertEquals("Rude words", report.getString("reason"));
      assertEquals(1, report.getInt("reportersLastDay"));
      String id = report.getString("id");
      JsonObject order =
          Json.createObjectBuilder()
              .add("action", "ban")
              .add("scope", "user")
              .add("duration", "24h")
              .add("note", "Rude to strangers")
              .build();
      assertEquals(
          400,
          moderator
              .send("POST", "/admin/api/reports/" + id + "/resolve", order.toString(), null)
              .status(),
          "no moderator name");
      assertEquals(
          415,
          moderator.send("POST", "/admin/api/reports/" + id + "/resolve", null, "Ann").status());
      Moderators.Answer resolved = moderator.resolve(id, order);
      assertEquals(200, resolved.status(), resolved.toString());
      assertEquals("resolved", resolved.body().getJsonObject("report").getString("status"));
      assertEquals(4403, reported.awaitClose().getCloseCode().getCode());
      assertEquals(409, moderator.resolve(id, order).status(), "resolved once");
      assertEquals(404, moderator.resolve("0123456789abcdef", order).status());
      assertTrue(
          moderator.list("reports?status=resolved", "reports").stream()
              .map(JsonObject.class::cast)
              .anyMatch(
                  r ->
                      r.getString("id").equals(id)
                          && r.getJsonObject("resolution")
                              .getString("by")
                              .equals("Ann Moderator")));
      String banId = resolved.ban().getString("id");
      List<String> audited =
          moderator.list("audit", "entries").stream()
              .map(JsonObject.class::cast)
              .filter(e -> e.getString("target").equals(banId) || e.getString("target").equals(id))
              .map(e -> e.getString("moderator") + " " + e.getString("action"))
              .toList();
      assertEquals(List.of("Ann Moderator resolve", "Ann Moderator ban"), audited);
      assertTrue(
          moderator.list("bans", "bans").stream()
              .map(JsonObject.class::cast)
              .anyMatch(b -> b.getString("id").equals(banId)));
      assertTrue(reporter.isOpen(), "the reporter is untouched");
    }
  }

  @Test
  void theAdminApiRefusesWhatItCannotDo() throws Exception {
    assertEquals(401, DuetServer.get(server.http("/admin/api/bans")).statusCode(), "no token");
    assertEquals(400, moderator.ban("planet", "someone", "1h", "x", false).status());
    assertEquals(400, moderator.ban("user", "someone", "1w", "x", false).status());
    assertEquals(400, moderator.ban("user", "someone", "1h", "", false).status());
    assertEquals(400, moderator.ban("user", "not an id!", "1h", "x", false).status());
    assertEquals(404, moderator.ban("device", id("never-seen"), "1h", "x", false).status());
    assertEquals(404, moderator.lift("no-such-ban").status());
    assertEquals(400, moderator.get("reports?status=x").status());
    assertEquals(404, moderator.get("nothing").status());
    assertEquals(400, moderator.send("POST", "/admin/api/bans", "{not json", "Ann").status());
  }

  @Test
  void shadowBannedUsersOnlyEverMeetEachOtherAndNoticeNothing() {
    String tag = id("shadow");
    List<String> tags = List.of(tag);
    List<TestClient> shadowed = new java.util.ArrayList<>();
    List<TestClient> plain = new java.util.ArrayList<>();
    try {
      for (int i = 0; i < 4; i++) {
        TestClient s = from("10.16." + (i + 1) + ".5", "");
        shadowed.add(s);
        assertEquals(201, moderator.ban("user", s.userId(), "1h", "Shadow", true).status());
        plain.add(from("10.17." + (i + 1) + ".5", ""));
      }
      java.util.Random random = new java.util.Random(16);
      java.util.Set<String> shadowIds =
          new java.util.HashSet<>(shadowed.stream().map(TestClient::userId).toList());
      for (int round = 0; round < 6; round++) {
        List<TestClient> everyone = new java.util.ArrayList<>(shadowed);
        everyone.addAll(plain);
        java.util.Collections.shuffle(everyone, random);
        for (TestClient c : everyone) {
          c.send(request(tags));
        }
        for (TestClient c : everyone) {
          String peer = nextMatch(c).payload().peerId();
          assertEquals(shadowIds.contains(c.userId()), shadowIds.contains(peer), "round " + round);
        }
      }
    } finally {
      shadowed.forEach(TestClient::close);
      plain.forEach(TestClient::close);
    }
  }

  @Test
  void threeReportersShadowBanAUserAutomatically() {
    try (TestClient bad = from("10.18.1.5", "")) {
      for (int i = 1; i <= 3; i++) {
        try (TestClient reporter = from("10.18." + (i + 1) + ".5", "")) {
          String matchId = match(bad, reporter);
          reporter.send(
              new ClientMessage.ReportPeer(
                  new ClientMessage.ReportPayload(bad.userId(), matchId, "Advertising"), null));
          reporter.expect(ServerMessage.Ack.class);
        }
      }
      JsonObject ban =
          Awaits.value(
              Duration.ofSeconds(10),
              () ->
                  moderator.list("bans", "bans").stream()
                      .map(JsonObject.class::cast)
                      .filter(b -> bad.userId().equals(b.getString("userId", null)))
                      .findFirst()
                      .orElse(null),
              () -> "no automatic ban");
      assertEquals("automatic", ban.getString("by"));
      assertTrue(ban.getBoolean("shadow"));
      assertTrue(bad.isOpen(), "a shadow ban closes nothing");
    }
  }
}
