package dev.duet.infrastructure.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duet.interfaces.websocket.ClientMessage;
import dev.duet.interfaces.websocket.ServerMessage;
import dev.duet.testing.Awaits;
import dev.duet.testing.Database;
import dev.duet.testing.DuetServer;
import dev.duet.testing.TestClient;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Rooms, sessions and matches reach the database (the shared server's SQLite here), concurrently
 * and without loss; empty rooms expire.
 */
class PersistenceIT {
  private static final Duration PERSISTED = Duration.ofSeconds(15);

  DuetServer server() {
    return DuetServer.shared();
  }

  List<Map<String, Object>> query(String sql, Object... parameters) {
    return Database.query(server().database(), sql, parameters);
  }

  /** What the database's driver logs when concurrent writers get in each other's way. */
  List<String> contentionErrors() {
    return List.of("SQLITE_BUSY", "SQLITE_LOCKED", "database is locked");
  }

  private List<Map<String, Object>> room(String id) {
    return query("SELECT * FROM rooms WHERE id = ?", id);
  }

  @Test
  void hundredConcurrentJoinsAreAllPersisted() throws Exception {
    String prefix = "burst-" + UUID.randomUUID().toString().substring(0, 8) + "-";
    int clients = 100;
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    CountDownLatch ready = new CountDownLatch(clients);
    CountDownLatch go = new CountDownLatch(1);
    List<TestClient> connected = new ArrayList<>();
    try {
      List<Future<TestClient>> joins = new ArrayList<>();
      for (int i = 0; i < clients; i++) {
        String room = prefix + i;
        joins.add(
            pool.submit(
                () -> {
                  TestClient client = TestClient.connect(server());
                  ready.countDown();
                  go.await();
                  client.send(new ClientMessage.JoinRoom(room, null, null));
                  assertEquals(room, client.expect(ServerMessage.RoomJoined.class).room());
                  return client;
                }));
      }
      assertTrue(ready.await(60, TimeUnit.SECONDS));
      go.countDown();
      for (Future<TestClient> join : joins) {
        connected.add(join.get(60, TimeUnit.SECONDS));
      }
      Awaits.until(
          PERSISTED,
          () -> count(prefix) == clients,
          () -> count(prefix) + " of " + clients + " rooms persisted");
      String log = server().log();
      for (String contention : contentionErrors()) {
        assertFalse(log.contains(contention), contention + " in the server log");
      }
      assertFalse(server().log().contains("database write"), "writes lost: " + server().log());
    } finally {
      connected.forEach(TestClient::close);
      pool.shutdownNow();
    }
  }

  private long count(String prefix) {
    return ((Number)
            query("SELECT count(*) AS n FROM rooms WHERE id LIKE ?", prefix + "%").get(0).get("n"))
        .longValue();
  }

  @Test
  void anEmptyRoomIsKeptForItsTtlThenDeleted() {
    String room = "ttl-" + UUID.randomUUID();
    try (TestClient client = TestClient.connect(server(), "room=" + room)) {
      client.expect(ServerMessage.RoomJoined.class);
      Awaits.until(PERSISTED, () -> !room(room).isEmpty(), () -> "room row written");
      assertNull(room(room).get(0).get("expires_at"), "a room with members does not expire");

      client.send(new ClientMessage.LeaveRoom(room, null));
      client.expect(ServerMessage.RoomLeft.class);
      long leftAt = System.currentTimeMillis();
      Awaits.until(
          PERSISTED,
          () -> !room(room).isEmpty() && room(room).get(0).get("expires_at") != null,
          () -> "expiry written: " + room(room));
      long expiresAt = ((Number) room(room).get(0).get("expires_at")).longValue();
      assertTrue(
          Math.abs(expiresAt - (leftAt + 2_000)) < 1_000, "expires 2 s (ROOM_TTL) after leaving");

      Awaits.until(PERSISTED, () -> room(room).isEmpty(), () -> "room deleted after its TTL");
      assertTrue(
          System.currentTimeMillis() >= expiresAt - 50, "the room was not deleted before its TTL");
    }
  }

  @Test
  void aRoomWithinItsTtlCanBeJoinedAgain() {
    String room = "again-" + UUID.randomUUID();
    try (TestClient client = TestClient.connect(server(), "room=" + room)) {
      client.expect(ServerMessage.RoomJoined.class);
      client.send(new ClientMessage.LeaveRoom(room, null));
      client.expect(ServerMessage.RoomLeft.class);
      client.send(new ClientMessage.JoinRoom(room, null, null));
      client.expect(ServerMessage.RoomJoined.class);
      Awaits.until(
          PERSISTED,
          () -> !room(room).isEmpty() && room(room).get(0).get("expires_at") == null,
          () -> "room active again: " + room(room));
    }
  }

  /** A room's passcode is stored as a keyed digest, never as it was typed. */
  @Test
  void aRoomsPasscodeIsStoredAsADigestOnly() {
    String room = "locked-" + UUID.randomUUID();
    try (TestClient client = TestClient.connect(server())) {
      client.send(new ClientMessage.JoinRoom(room, "open sesame", null));
      client.expect(ServerMessage.RoomJoined.class);
      Awaits.until(PERSISTED, () -> !room(room).isEmpty(), () -> "room row written: " + room);
      String stored = (String) room(room).get(0).get("passcode");
      assertEquals(43, stored.length(), stored);
      assertFalse(stored.contains("sesame"), stored);
      assertTrue(query("SELECT * FROM rooms WHERE passcode = ?", "open sesame").isEmpty());
    }
  }

  @Test
  void sessionsAreRecordedWithATokenHashOnly() throws Exception {
    TestClient client = TestClient.connect(server());
    String token = client.hello().token();
    String hash =
        HexFormat.of()
            .formatHex(
                MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
    Awaits.until(
        PERSISTED,
        () -> sessionsOf(client.userId()).size() == 1,
        () -> "session row written for " + client.userId());
    Map<String, Object> row = sessionsOf(client.userId()).get(0);
    assertEquals(hash, row.get("token_hash"));
    assertEquals("OPEN", row.get("state"));
    assertNotNull(row.get("created_at"));
    assertTrue(query("SELECT * FROM sessions WHERE token_hash = ?", token).isEmpty());
    client.close();
    Awaits.until(
        PERSISTED,
        () -> "CLOSED".equals(sessionsOf(client.userId()).get(0).get("state")),
        () -> "session closed: " + sessionsOf(client.userId()));
  }

  @Test
  void matchesThatEndAtOnceAreRecordedAsEnded() throws Exception {
    server().awaitNoStrangers();
    List<TestClient> clients = new ArrayList<>();
    Set<String> matchIds = new HashSet<>();
    try {
      for (int i = 0; i < 40; i++) {
        TestClient client = TestClient.connect(server());
        clients.add(client);
        client.send(new ClientMessage.RequestRandomPeer(null, null));
      }
      for (TestClient client : clients) {
        matchIds.add(
            client
                .expectAfter(ServerMessage.Waiting.class, ServerMessage.AssignRole.class)
                .payload()
                .matchId());
      }
    } finally {
      clients.forEach(TestClient::close);
    }
    assertEquals(20, matchIds.size());
    Awaits.until(
        PERSISTED,
        () ->
            matchIds.stream()
                .allMatch(
                    id -> {
                      List<Map<String, Object>> rows =
                          query("SELECT * FROM matches WHERE id = ?", id);
                      return rows.size() == 1 && rows.get(0).get("ended_at") != null;
                    }),
        () -> "every match row ended: " + matchIds);
  }

  private List<Map<String, Object>> sessionsOf(String userId) {
    return query("SELECT * FROM sessions WHERE user_id = ?", userId);
  }
}
