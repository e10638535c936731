package dev.duet.interfaces.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duet.testing.Awaits;
import dev.duet.testing.Database;
import dev.duet.testing.DuetServer;
import dev.duet.testing.TestClient;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Graceful shutdown: undeploying Duet (on Payara Micro: stopping it), and stopping the server with
 * SIGTERM as an operator would, tells every client {@code server_draining}, closes it with 1001,
 * and leaves its session, room and match in the database as they were. With {@code DRAIN_DELAY}
 * readiness reports {@code accepting-connections} DOWN and handshakes are refused while the clients
 * are still connected and not yet told ({@link WildFlySuspendIT}: a {@code :suspend} that is no
 * stop does not drain). (Payara Micro stops writing its log when it gets SIGTERM, so the drain's
 * log lines are checked on WildFly only.)
 */
class ShutdownIT {

  @Test
  void clientsAreToldAndTheirStateIsKept() throws Exception {
    DuetServer server = DuetServer.start("shutdown", Map.of());
    String matchId;
    try (TestClient a = TestClient.connect(server);
        TestClient b = TestClient.connect(server);
        TestClient c = TestClient.connect(server, "room=kept")) {
      matchId = matchAndRoom(a, b, c);

      server.undeploy();

      for (TestClient client : List.of(a, b, c)) {
        client.expect(ServerMessage.ServerDraining.class);
        assertEquals(1001, client.awaitClose().getCloseCode().getCode());
      }
    }
    server.close();
    if (server.isWildFly()) {
      assertTrue(server.log().contains("event=draining connections=3"), "drain logged");
    }
    List<Map<String, Object>> match =
        Database.query(server.database(), "SELECT * FROM matches WHERE id = ?", matchId);
    assertEquals(1, match.size());
    assertNull(match.get(0).get("ended_at"), "the match is kept");
    assertEquals(
        1, Database.query(server.database(), "SELECT * FROM rooms WHERE id = 'kept'").size());
    assertEquals(
        3,
        Database.query(server.database(), "SELECT * FROM sessions WHERE state = 'OPEN'").size(),
        "the sessions are kept open");
  }

  @Test
  void onSigtermReadinessGoesDownThenClientsAreToldBeforeTheClose() throws Exception {
    DuetServer server = DuetServer.start("sigterm", Map.of("DRAIN_DELAY", "3s"));
    String matchId;
    CompletableFuture<Void> stopped;
    try (TestClient a = TestClient.connect(server);
        TestClient b = TestClient.connect(server);
        TestClient c = TestClient.connect(server, "room=kept")) {
      matchId = matchAndRoom(a, b, c);
      assertEquals(200, DuetServer.get(server.health("/ready")).statusCode(), "ready before");

      long sigterm = System.nanoTime();
      stopped = CompletableFuture.runAsync(server::close);
      Awaits.until(
          Duration.ofSeconds(10),
          () -> acceptingConnectionsDown(server),
          () -> "readiness with accepting-connections DOWN after SIGTERM");
      long down = System.nanoTime();
      for (TestClient client : List.of(a, b, c)) {
        assertTrue(client.isOpen(), "readiness is DOWN before the clients are closed");
      }
      assertThrows(
          IllegalStateException.class,
          () -> TestClient.open(server.ws("")),
          "no new connection while draining");

      for (TestClient client : List.of(a, b, c)) {
        client.expect(ServerMessage.ServerDraining.class);
        assertEquals(1001, client.awaitClose().getCloseCode().getCode());
      }
      long told = System.nanoTime();
      System.out.printf(
          "ShutdownIT on %s: readiness DOWN %d ms after SIGTERM, clients told and closed %d ms"
              + " after that%n",
          server.runtime(),
          TimeUnit.NANOSECONDS.toMillis(down - sigterm),
          TimeUnit.NANOSECONDS.toMillis(told - down));
    }
    stopped.get(2, TimeUnit.MINUTES);
    if (server.isWildFly()) {
      String log = server.log();
      assertTrue(log.contains("event=drain_hook on=wildfly-suspend"), "drains in the suspend");
      assertTrue(log.contains("event=draining connections=3"), "drain logged");
    } else {
      assertTrue(
          server.log().contains("event=drain_hook on=payara-prepare-shutdown"),
          "drains in Payara's prepare_shutdown");
    }
    List<Map<String, Object>> match =
        Database.query(server.database(), "SELECT * FROM matches WHERE id = ?", matchId);
    assertEquals(1, match.size());
    assertNull(match.get(0).get("ended_at"), "the match is kept");
    assertEquals(
        3,
        Database.query(server.database(), "SELECT * FROM sessions WHERE state = 'OPEN'").size(),
        "the sessions are kept open");
  }

  /** The status of the readiness check {@code name} in a {@code /health/ready} answer. */
  static String check(HttpResponse<String> health, String name) {
    JsonObject json = Json.createReader(new StringReader(health.body())).readObject();
    return json.getJsonArray("checks").stream()
        .map(JsonValue::asJsonObject)
        .filter(check -> name.equals(check.getString("name")))
        .map(check -> check.getString("status"))
        .findFirst()
        .orElse("(no " + name + " in " + health.body() + ")");
  }

  private static boolean acceptingConnectionsDown(DuetServer server) {
    try {
      HttpResponse<String> ready = DuetServer.get(server.health("/ready"));
      if (ready.statusCode() != 503) {
        return false;
      }
      return "DOWN".equals(check(ready, "accepting-connections"));
    } catch (IOException | RuntimeException notAnswering) {
      return false;
    }
  }

  /** Matches a with b at random and sees c in its room; returns the match id. */
  private static String matchAndRoom(TestClient a, TestClient b, TestClient c) {
    a.send(new ClientMessage.RequestRandomPeer(null, null));
    b.send(new ClientMessage.RequestRandomPeer(null, null));
    String matchId =
        a.expectAfter(ServerMessage.Waiting.class, ServerMessage.AssignRole.class)
            .payload()
            .matchId();
    b.expectAfter(ServerMessage.Waiting.class, ServerMessage.AssignRole.class);
    c.expect(ServerMessage.RoomJoined.class);
    return matchId;
  }
}
