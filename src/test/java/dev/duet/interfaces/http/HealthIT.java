package dev.duet.interfaces.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duet.interfaces.websocket.Json;
import dev.duet.interfaces.websocket.ServerMessage;
import dev.duet.testing.Awaits;
import dev.duet.testing.DuetServer;
import dev.duet.testing.Redis;
import dev.duet.testing.Signal;
import dev.duet.testing.TestClient;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Health tells the truth about the database, and {@code /stats} counts what is live. */
class HealthIT {

  private static JsonObject json(HttpResponse<String> response) {
    return jakarta.json.Json.createReader(new StringReader(response.body())).readObject();
  }

  private static JsonObject databaseCheck(JsonObject health) {
    return health.getJsonArray("checks").stream()
        .map(JsonValue::asJsonObject)
        .filter(check -> check.getString("name").equals("database"))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no database check in " + health));
  }

  @Test
  void readyWhenTheDatabaseAnswers() throws IOException {
    DuetServer server = DuetServer.shared();
    HttpResponse<String> ready = DuetServer.get(server.health("/ready"));
    assertEquals(200, ready.statusCode(), ready.body());
    assertEquals("UP", databaseCheck(json(ready)).getString("status"));
    HttpResponse<String> live = DuetServer.get(server.health("/live"));
    assertEquals(200, live.statusCode(), live.body());
    for (String name : new String[] {"matchmaker", "periodic-work"}) {
      JsonObject check =
          json(live).getJsonArray("checks").stream()
              .map(JsonValue::asJsonObject)
              .filter(c -> c.getString("name").equals(name))
              .findFirst()
              .orElseThrow(() -> new AssertionError("no " + name + " check in " + live.body()));
      assertEquals("UP", check.getString("status"), name);
    }
    assertEquals(200, DuetServer.get(server.health("")).statusCode());
  }

  @Test
  void notReadyWhenTheDatabaseFileIsUnusable() throws IOException {
    Path unusable = Path.of(System.getProperty("duet.it.workdir", "target/it"), "not-a-db-file");
    Files.createDirectories(unusable);
    try (DuetServer server =
        DuetServer.start("unusable-db", Map.of("DB_PATH", unusable.toString()))) {
      HttpResponse<String> ready = DuetServer.get(server.health("/ready"));
      assertEquals(503, ready.statusCode(), ready.body());
      JsonObject check = databaseCheck(json(ready));
      assertEquals("DOWN", check.getString("status"));
      assertTrue(
          check.getJsonObject("data").getString("reason").contains(unusable.toString()),
          check.toString());
      try (TestClient a = TestClient.connect(server, "room=no-db")) {
        a.expect(ServerMessage.RoomJoined.class);
        try (TestClient b = TestClient.connect(server, "room=no-db")) {
          a.expect(ServerMessage.PeerJoined.class);
          b.expectAfter(ServerMessage.RoomJoined.class, ServerMessage.AssignRole.class);
          a.send(new Signal.Candidate(b.userId(), null, "without-db"));
          assertEquals(
              "without-db",
              b.expect(ServerMessage.Candidate.class).messageId(),
              "signaling keeps working without the database");
        }
      }
    }
  }

  /**
   * Readiness is right from the first second, here in Redis + SQLite mode: asked every 100 ms from
   * the moment the server's process starts, Duet's checks all say DOWN {@code starting} until Duet
   * has started (none answers before, where Payara Micro's health endpoint created beans the
   * application had not, which failed); readiness is UP within 5 s of Duet serving, and stays UP.
   * Payara Micro answers 404, its own "No Application deployed" and, while it loads the
   * application, an empty 500 before that: all of them not ready. While its own check is still in
   * the answer it registers the application's checks one by one, so an answer may hold some of
   * Duet's and not yet the others (seen once: {@code redis} and {@code accepting-connections}
   * without {@code database}); those present must say {@code starting}.
   */
  @Test
  void readinessIsRightFromTheFirstSecond() throws Exception {
    List<HttpResponse<String>> early = new CopyOnWriteArrayList<>();
    AtomicBoolean serving = new AtomicBoolean();
    try (Redis redis = Redis.start("health-ready");
        DuetServer server =
            DuetServer.startWatched(
                "ready-from-start",
                Map.of("REDIS_URL", redis.url(), "JWT_SECRET", DuetServer.SHARED_JWT_SECRET),
                starting -> {
                  Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
                  while (!serving.get() && Instant.now().isBefore(deadline)) {
                    try {
                      early.add(DuetServer.get(starting.health("/ready")));
                    } catch (IOException notListeningYet) {
                      // the port is not open yet
                    }
                    Awaits.pause(Duration.ofMillis(100));
                  }
                })) {
      serving.set(true);
      Awaits.until(Duration.ofSeconds(5), () -> ready(server), () -> "ready within 5 s of serving");
      for (int i = 0; i < 10; i++) {
        HttpResponse<String> ready = DuetServer.get(server.health("/ready"));
        assertEquals(200, ready.statusCode(), "stays ready: " + ready.body());
      }
    }
    int starting = 0;
    for (HttpResponse<String> answer : early) {
      Map<String, JsonObject> checks = new HashMap<>();
      if (answer.body().startsWith("{")) {
        for (JsonValue value : json(answer).getJsonArray("checks")) {
          checks.put(value.asJsonObject().getString("name"), value.asJsonObject());
        }
      }
      JsonObject accepting = checks.get("accepting-connections");
      if (accepting == null || accepting.getString("status").equals("UP")) {
        continue;
      }
      starting++;
      boolean deploying = checks.containsKey("No Application deployed");
      for (String name : List.of("database", "redis")) {
        JsonObject check = checks.get(name);
        if (check == null && deploying) {
          continue;
        }
        assertTrue(check != null, "no " + name + " check while starting: " + answer.body());
        assertEquals("DOWN", check.getString("status"), answer.body());
        assertEquals("starting", check.getJsonObject("data").getString("reason"), answer.body());
      }
    }
    System.out.printf(
        "HealthIT: %d readiness answers while starting, %d of them from Duet's checks%n",
        early.size(), starting);
  }

  private static boolean ready(DuetServer server) {
    try {
      return DuetServer.get(server.health("/ready")).statusCode() == 200;
    } catch (IOException e) {
      return false;
    }
  }

  @Test
  void statsCountLiveUsersAndRooms() throws IOException {
    DuetServer server = DuetServer.shared();
    String room = "stats-" + java.util.UUID.randomUUID();
    try (TestClient client = TestClient.connect(server, "room=" + room)) {
      client.expect(ServerMessage.RoomJoined.class);
      HttpResponse<String> response = DuetServer.get(server.http("/stats"));
      assertEquals(200, response.statusCode());
      assertTrue(response.headers().firstValue("content-type").orElse("").contains("json"));
      @SuppressWarnings("unchecked")
      Map<String, Object> stats = Json.JSONB.fromJson(response.body(), Map.class);
      for (String key :
          new String[] {"active_users", "active_rooms", "empty_rooms", "server_uptime"}) {
        assertTrue(stats.containsKey(key), key + " in " + stats);
      }
      assertTrue(((Number) stats.get("active_users")).intValue() >= 1, stats.toString());
      assertTrue(((Number) stats.get("active_rooms")).intValue() >= 1, stats.toString());
    }
  }
}
