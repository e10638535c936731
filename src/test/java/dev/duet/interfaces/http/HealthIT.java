package dev.duet.interfaces.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duet.interfaces.websocket.Json;
import dev.duet.interfaces.websocket.ServerMessage;
import dev.duet.testing.DuetServer;
import dev.duet.testing.Signal;
import dev.duet.testing.TestClient;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
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

  @Test
  void statsCountLiveUsersAndRooms() throws IOException {
    DuetServer server = DuetServer.shared();
    String room = "stats-" + java.util.UUID.randomUUID();
    try (TestClient client = TestClient.connect(server, "room=" + room)) {
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
