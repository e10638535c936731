package dev.duet.interfaces.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duet.interfaces.websocket.ClientMessage;
import dev.duet.interfaces.websocket.ServerMessage;
import dev.duet.testing.Awaits;
import dev.duet.testing.DuetServer;
import dev.duet.testing.Moderators;
import dev.duet.testing.TestClient;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The admin view: absent without {@code ADMIN_TOKEN}, 401 without the right bearer token, and with
 * it the live counters, the last hour and the latest {@code report_peer} reports.
 */
class AdminIT {
  private static final String TOKEN = Moderators.TOKEN;
  private static DuetServer server;

  @BeforeAll
  static void start() {
    server = Moderators.server();
  }

  private static HttpResponse<String> get(URI uri, String authorization) {
    try {
      return authorization == null
          ? DuetServer.get(uri)
          : DuetServer.get(uri, "Authorization", authorization);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonObject api() {
    HttpResponse<String> response = get(server.http("/admin/api"), "Bearer " + TOKEN);
    assertEquals(200, response.statusCode(), response.body());
    assertEquals("no-store", response.headers().firstValue("cache-control").orElse(""));
    return jakarta.json.Json.createReader(new StringReader(response.body())).readObject();
  }

  @Test
  void withoutAnAdminTokenThereIsNoAdminView() {
    DuetServer plain = DuetServer.shared();
    for (String path : new String[] {"/admin", "/admin/", "/admin/api", "/admin/admin.js"}) {
      assertEquals(404, get(plain.http(path), "Bearer anything").statusCode(), path);
    }
  }

  @Test
  void theDataNeedsTheBearerToken() {
    HttpResponse<String> missing = get(server.http("/admin/api"), null);
    assertEquals(401, missing.statusCode());
    assertTrue(missing.headers().firstValue("www-authenticate").orElse("").startsWith("Bearer"));
    assertEquals(401, get(server.http("/admin/api"), "Bearer " + TOKEN + "x").statusCode());
    assertEquals(401, get(server.http("/admin/api"), "Basic " + TOKEN).statusCode());
    assertFalse(server.log().contains(TOKEN), "the token is never logged");

    HttpResponse<String> page = get(server.http("/admin/"), null);
    assertEquals(200, page.statusCode());
    assertTrue(page.body().contains("admin.js"), page.body());
    assertTrue(page.headers().firstValue("content-security-policy").orElse("").contains("'self'"));
    HttpResponse<String> bare = get(server.http("/admin"), null);
    assertEquals(200, bare.statusCode());
    assertTrue(bare.uri().getPath().equals("/admin/"), bare.uri().toString());
  }

  @Test
  void showsLiveCountersTheLastHourAndTheLatestReports() {
    try (TestClient a = TestClient.connect(server);
        TestClient b = TestClient.connect(server)) {
      a.passGate().send(new ClientMessage.RequestRandomPeer(null, null));
      b.passGate().send(new ClientMessage.RequestRandomPeer(null, null));
      ServerMessage.AssignRole role =
          b.expectAfter(ServerMessage.Waiting.class, ServerMessage.AssignRole.class);
      String matchId = role.payload().matchId();
      JsonObject counters = api().getJsonObject("counters");
      assertEquals(2, counters.getInt("open_connections"));
      assertEquals(2, counters.getInt("active_users"));
      assertEquals(1, counters.getInt("active_matches"));
      assertEquals(1, counters.getInt("matches_made"));

      b.send(
          new ClientMessage.ReportPeer(
              new ClientMessage.ReportPayload(a.userId(), matchId, "rude <b>words</b>"), "r"));
      b.expectAfter(ServerMessage.PeerLeft.class, ServerMessage.Ack.class);
      Awaits.until(
          Duration.ofSeconds(10),
          () -> !api().getJsonObject("reports").getJsonArray("latest").isEmpty(),
          () -> "the report was not listed: " + api());
      JsonObject report = api().getJsonObject("reports").getJsonArray("latest").getJsonObject(0);
      assertEquals(b.userId(), report.getString("reporter"));
      assertEquals(a.userId(), report.getString("reported"));
      assertEquals(matchId, report.getString("matchId"));
      assertEquals("rude <b>words</b>", report.getString("reason"));

      JsonArray lastHour = api().getJsonArray("lastHour");
      assertFalse(lastHour.isEmpty(), "a sample is taken at start-up");
      JsonObject first = lastHour.getJsonObject(0);
      assertTrue(first.containsKey("at") && first.containsKey("connections"), first.toString());
      assertEquals(0, first.getInt("matches"));
    }
  }
}
