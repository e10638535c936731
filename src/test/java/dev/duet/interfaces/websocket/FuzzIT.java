package dev.duet.interfaces.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duet.testing.Awaits;
import dev.duet.testing.DuetServer;
import dev.duet.testing.FrameFuzzer;
import dev.duet.testing.TestClient;
import jakarta.json.Json;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The fuzzing suite: 20,000 generated hostile frames ({@link FrameFuzzer}) from four concurrent
 * clients, while two bystanders keep a room call's signaling and chat going. The bystanders must
 * never see an error or miss a message, the server must stay ready, and when everyone has left no
 * session, room, queue place or match may be left behind.
 */
class FuzzIT {
  private static final int FUZZERS = 4;
  private static final int FRAMES_EACH = 5_000;

  private final DuetServer server = DuetServer.shared();

  private record Fuzzed(int frames, int errors, Map<Integer, Integer> closes) {}

  @Test
  void twentyThousandHostileFramesHurtNobodyElse() throws Exception {
    server.awaitNoStrangers();
    String room = "bystanders-" + UUID.randomUUID().toString().substring(0, 8);
    ExecutorService pool = Executors.newFixedThreadPool(FUZZERS + 1);
    AtomicBoolean fuzzing = new AtomicBoolean(true);
    try (TestClient a = TestClient.connect(server);
        TestClient b = TestClient.connect(server)) {
      a.send(new ClientMessage.JoinRoom(room, null));
      a.expect(ServerMessage.RoomJoined.class);
      b.send(new ClientMessage.JoinRoom(room, null));
      b.expect(ServerMessage.RoomJoined.class);
      b.expect(ServerMessage.AssignRole.class);
      a.expect(ServerMessage.PeerJoined.class);
      a.expect(ServerMessage.AssignRole.class);
      Future<Integer> calls = pool.submit(() -> converse(a, b, room, fuzzing));
      List<Future<Fuzzed>> fuzzers = new ArrayList<>();
      for (int i = 0; i < FUZZERS; i++) {
        long seed = 1_000 + i;
        fuzzers.add(pool.submit(() -> fuzz(seed, List.of(a.userId(), b.userId()))));
      }
      int frames = 0;
      int errors = 0;
      Map<Integer, Integer> closes = new TreeMap<>();
      for (Future<Fuzzed> fuzzer : fuzzers) {
        Fuzzed result = fuzzer.get(10, TimeUnit.MINUTES);
        frames += result.frames();
        errors += result.errors();
        result.closes().forEach((code, count) -> closes.merge(code, count, Integer::sum));
      }
      fuzzing.set(false);
      int exchanged = calls.get(1, TimeUnit.MINUTES);
      System.out.printf(
          "FuzzIT on %s: %d frames sent, %d errors read by the fuzzing clients, connections closed"
              + " by the server (by close code) %s, %d bystander messages delivered in order%n",
          server.runtime(), frames, errors, closes, exchanged);
      assertEquals(FUZZERS * FRAMES_EACH, frames);
      assertTrue(exchanged > 0);
      assertEquals(200, DuetServer.get(server.health("/ready")).statusCode());
    } finally {
      fuzzing.set(false);
      pool.shutdownNow();
    }
    Awaits.until(
        Duration.ofSeconds(30),
        () ->
            server.stat("active_users") == 0
                && server.stat("waiting_users") == 0
                && server.stat("active_matches") == 0
                && server.stat("active_rooms") == 0
                && server.stat("empty_rooms") == 0,
        () -> "nothing left behind: " + server.stats());
  }

  /**
   * Sends one fuzzer's frames; when the server has closed the connection (1009 for a frame over the
   * limit still arriving, 1013 for a client that let its answers pile up), the close code is
   * counted and the frame is sent again on a new connection.
   */
  private Fuzzed fuzz(long seed, List<String> targets) {
    FrameFuzzer fuzzer = new FrameFuzzer(seed, targets);
    Map<Integer, Integer> closes = new TreeMap<>();
    int sent = 0;
    int errors = 0;
    TestClient client = TestClient.connect(server);
    try {
      while (sent < FRAMES_EACH) {
        FrameFuzzer.Frame frame = fuzzer.next();
        while (true) {
          if (!client.isOpen()) {
            errors += drainErrors(client);
            closes.merge(closeCode(client), 1, Integer::sum);
            client.close();
            client = TestClient.connect(server);
          }
          try {
            client.sendRaw(frame.text());
            break;
          } catch (RuntimeException closedWhileSending) {
            TestClient closing = client;
            Awaits.until(
                Duration.ofSeconds(10),
                () -> !closing.isOpen(),
                () -> "a connection that failed a send is closed");
          }
        }
        sent++;
        errors += drainErrors(client);
      }
      client.send(new ClientMessage.Ping("last"));
      errors += drainErrorsUntilPong(client);
    } finally {
      client.close();
    }
    return new Fuzzed(sent, errors, closes);
  }

  private static int closeCode(TestClient client) {
    try {
      return client.awaitClose().getCloseCode().getCode();
    } catch (AssertionError e) {
      return -1;
    }
  }

  private static int drainErrors(TestClient client) {
    int errors = 0;
    for (String frame; (frame = client.poll(Duration.ZERO)) != null; ) {
      if (frame.contains("\"type\":\"error")) {
        errors++;
      }
    }
    return errors;
  }

  private static int drainErrorsUntilPong(TestClient client) {
    int errors = 0;
    while (client.isOpen()) {
      String frame = client.poll(Duration.ofSeconds(30));
      if (frame == null || frame.contains("\"type\":\"pong\"")) {
        break;
      }
      if (frame.contains("\"type\":\"error")) {
        errors++;
      }
    }
    return errors;
  }

  /**
   * The bystanders' call: candidates from a to b and chat from b, each checked in order by its
   * receiver, until the fuzzers are done; every frame they get must be the next expected one.
   */
  private static int converse(TestClient a, TestClient b, String room, AtomicBoolean fuzzing) {
    int exchanged = 0;
    for (int i = 0; fuzzing.get(); i++) {
      a.send(
          new ClientMessage.Candidate(
              b.userId(), Json.createObjectBuilder().add("i", i).build(), "c" + i));
      ServerMessage.Candidate candidate = b.expect(ServerMessage.Candidate.class);
      assertEquals(i, candidate.payload().asJsonObject().getInt("i"));
      b.send(
          new ClientMessage.ChatMessage(
              room, null, new ClientMessage.ChatPayload("line " + i), "t" + i));
      for (TestClient member : List.of(a, b)) {
        ServerMessage.ChatMessage chat =
            assertInstanceOf(
                ServerMessage.ChatMessage.class,
                member.expect(ServerMessage.ChatMessage.class),
                "bystanders get nothing but their call");
        assertEquals("line " + i, chat.payload().content());
      }
      exchanged += 2;
    }
    return exchanged;
  }
}
