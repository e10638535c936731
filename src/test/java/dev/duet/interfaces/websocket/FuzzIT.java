package dev.duet.interfaces.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duet.testing.Awaits;
import dev.duet.testing.DuetServer;
import dev.duet.testing.FrameFuzzer;
import dev.duet.testing.Signal;
import dev.duet.testing.TestClient;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * clients, each frame followed by a marking {@code ping}, while two bystanders keep a room call's
 * signaling and chat going. Every frame must be answered before its marker's {@code pong} (or, over
 * {@code MAX_MESSAGE_BYTES}, closed with 1009), the bystanders must never see an error or miss a
 * message and must get at least a floor of messages through, the server must stay ready, and when
 * everyone has left no session, room, queue place or match may be left behind.
 */
class FuzzIT {
  private static final int FUZZERS = 4;
  private static final int FRAMES_EACH = 5_000;

  private final DuetServer server = DuetServer.shared();

  /**
   * The frames a reply answers: any of these arriving before a frame's marker {@code pong} answers
   * it (notifications caused by others, such as {@code assign_role}, do not).
   */
  private static final Set<String> ANSWERS =
      Set.of(
          "error",
          "error_response",
          "room_joined",
          "room_left",
          "rooms_list",
          "waiting",
          "ack",
          "ice_servers",
          "pong");

  private static final int MAX_MESSAGE_BYTES = 65_536;

  /**
   * The bystanders exchange a candidate and a chat line per round; while the fuzzers run, at least
   * this many messages reach them (a healthy server on the 2-core machine delivered 13,600 in 60 s
   * while a full build ran beside it), and no round takes longer than {@link #SLOWEST_ROUND}.
   */
  private static final int BYSTANDER_FLOOR = 1_000;

  private static final Duration SLOWEST_ROUND = Duration.ofSeconds(2);

  /** What one fuzzing client saw. */
  private static final class Fuzzed {
    int frames;
    int answered;
    int errors;
    final Map<Integer, Integer> closes = new TreeMap<>();
    final List<String> violations = new ArrayList<>();
  }

  @Test
  void twentyThousandHostileFramesHurtNobodyElse() throws Exception {
    server.awaitNoStrangers();
    String room = "bystanders-" + UUID.randomUUID().toString().substring(0, 8);
    ExecutorService pool = Executors.newFixedThreadPool(FUZZERS + 1);
    AtomicBoolean fuzzing = new AtomicBoolean(true);
    try (TestClient a = TestClient.connect(server);
        TestClient b = TestClient.connect(server)) {
      a.send(new ClientMessage.JoinRoom(room, null, null));
      a.expect(ServerMessage.RoomJoined.class);
      b.send(new ClientMessage.JoinRoom(room, null, null));
      b.expect(ServerMessage.RoomJoined.class);
      b.expect(ServerMessage.AssignRole.class);
      a.expect(ServerMessage.PeerJoined.class);
      a.expect(ServerMessage.AssignRole.class);
      Future<Conversation> calls = pool.submit(() -> converse(a, b, room, fuzzing));
      List<Future<Fuzzed>> fuzzers = new ArrayList<>();
      for (int i = 0; i < FUZZERS; i++) {
        long seed = 1_000 + i;
        fuzzers.add(pool.submit(() -> fuzz(seed, List.of(a.userId(), b.userId()))));
      }
      int frames = 0;
      int answered = 0;
      int errors = 0;
      Map<Integer, Integer> closes = new TreeMap<>();
      List<String> violations = new ArrayList<>();
      for (Future<Fuzzed> fuzzer : fuzzers) {
        Fuzzed result = fuzzer.get(10, TimeUnit.MINUTES);
        frames += result.frames;
        answered += result.answered;
        errors += result.errors;
        result.closes.forEach((code, count) -> closes.merge(code, count, Integer::sum));
        violations.addAll(result.violations);
      }
      fuzzing.set(false);
      Conversation call = calls.get(1, TimeUnit.MINUTES);
      System.out.printf(
          "FuzzIT on %s: %d frames sent, %d followed by their marker pong, %d errors read by the"
              + " fuzzing clients, connections closed by the server (by close code) %s; %d"
              + " bystander messages delivered in order while fuzzing, slowest round %d ms;"
              + " %d violations%n",
          server.runtime(),
          frames,
          answered,
          errors,
          closes,
          call.delivered(),
          call.slowest().toMillis(),
          violations.size());
      assertEquals(List.of(), violations.stream().limit(20).toList(), "frames answered wrongly");
      assertEquals(FUZZERS * FRAMES_EACH, answered + closes.getOrDefault(1009, 0));
      assertTrue(
          call.delivered() >= BYSTANDER_FLOOR,
          call.delivered() + " bystander messages, fewer than " + BYSTANDER_FLOOR);
      assertTrue(
          call.slowest().compareTo(SLOWEST_ROUND) <= 0,
          "a bystander round took " + call.slowest().toMillis() + " ms");
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
   * Sends one fuzzer's frames, each followed by a {@code ping} whose id marks it, and reads until
   * that {@code pong}. The server answers a connection in order, so whatever the frame caused for
   * its sender has arrived by then: an answer to every frame that has one (all but {@code
   * user_unavailable_webrtc}), or close 1009 for one over {@code MAX_MESSAGE_BYTES}, after which
   * the fuzzer goes on with the next frame on a new connection. Any other close, or a frame left
   * without its answer, is a violation.
   */
  private Fuzzed fuzz(long seed, List<String> targets) {
    FrameFuzzer fuzzer = new FrameFuzzer(seed, targets);
    Fuzzed result = new Fuzzed();
    TestClient client = TestClient.connect(server);
    try {
      for (int sent = 0; sent < FRAMES_EACH; sent++) {
        FrameFuzzer.Frame frame = fuzzer.next();
        result.frames++;
        String marker = "fuzz-" + seed + "-" + sent;
        boolean delivered = true;
        try {
          client.sendRaw(frame.text());
          client.send(new ClientMessage.Ping(marker));
        } catch (IllegalStateException closedWhileSending) {
          delivered = false;
        }
        Answer answer;
        try {
          answer = delivered ? readUntil(client, marker, result) : Answer.CLOSED;
        } catch (AssertionError silent) {
          result.violations.add(silent.getMessage() + " after " + describe(frame));
          client.close();
          client = TestClient.connect(server);
          continue;
        }
        if (answer != Answer.CLOSED) {
          result.answered++;
        }
        if (answer == Answer.CLOSED) {
          int code = closeCode(client);
          result.closes.merge(code, 1, Integer::sum);
          if (code != 1009 || frame.utf8Bytes() <= MAX_MESSAGE_BYTES) {
            result.violations.add("closed " + code + " after " + describe(frame));
          }
          client.close();
          client = TestClient.connect(server);
        } else if (answer == Answer.NONE && !unanswered(frame)) {
          result.violations.add("no answer to " + describe(frame));
        }
      }
    } finally {
      client.close();
    }
    return result;
  }

  private enum Answer {
    ANSWERED,
    NONE,
    CLOSED
  }

  /** Reads up to the pong of {@code marker}: whether the frame before it was answered. */
  private static Answer readUntil(TestClient client, String marker, Fuzzed result) {
    Answer answer = Answer.NONE;
    while (true) {
      Object next = client.nextFrameOrClose();
      if (!(next instanceof String frame)) {
        return Answer.CLOSED;
      }
      JsonObject message = parse(frame);
      String type = message.getString("type", "");
      if (type.equals("pong") && marker.equals(message.getString("messageId", null))) {
        return answer;
      }
      if (type.equals("error") || type.equals("error_response")) {
        result.errors++;
      }
      if (ANSWERS.contains(type) || (type.equals("chat_message") && fromItself(client, message))) {
        answer = Answer.ANSWERED;
      }
    }
  }

  private static boolean fromItself(TestClient client, JsonObject message) {
    return client.userId().equals(message.getString("fromUser", null));
  }

  /**
   * The messages with no answer: {@code user_unavailable_webrtc} and a {@code call_stats} report
   * that is counted, also with a {@code messageId} of another JSON type, which JSON-B reads as text
   * for messages other than signals (left to issue #18's single decoder).
   */
  private static boolean unanswered(FrameFuzzer.Frame frame) {
    return (frame.category() == FrameFuzzer.Category.INVALID_STATE
            || frame.category() == FrameFuzzer.Category.WRONG_TYPES)
        && (frame.text().contains("\"type\":\"user_unavailable_webrtc\"")
            || frame.text().contains("\"type\":\"call_stats\""));
  }

  private static String describe(FrameFuzzer.Frame frame) {
    String text = frame.text();
    return frame.category()
        + " frame of "
        + frame.utf8Bytes()
        + " bytes: "
        + (text.length() > 200 ? text.substring(0, 200) + "..." : text);
  }

  private static JsonObject parse(String frame) {
    try (JsonReader reader = jakarta.json.Json.createReader(new StringReader(frame))) {
      return reader.readObject();
    }
  }

  private static int closeCode(TestClient client) {
    try {
      return client.awaitClose().getCloseCode().getCode();
    } catch (AssertionError e) {
      return -1;
    }
  }

  /** The bystanders' messages delivered while the fuzzers ran, and their slowest round. */
  private record Conversation(int delivered, Duration slowest) {}

  /**
   * The bystanders' call: candidates from a to b and chat from b, each checked in order by its
   * receiver, until the fuzzers are done; every frame they get must be the next expected one.
   */
  private static Conversation converse(
      TestClient a, TestClient b, String room, AtomicBoolean fuzzing) {
    int delivered = 0;
    Duration slowest = Duration.ZERO;
    for (int i = 0; fuzzing.get(); i++) {
      long started = System.nanoTime();
      a.send(
          new Signal.Candidate(
              b.userId(), jakarta.json.Json.createObjectBuilder().add("i", i).build(), "c" + i));
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
      Duration round = Duration.ofNanos(System.nanoTime() - started);
      if (round.compareTo(slowest) > 0) {
        slowest = round;
      }
      delivered += 3;
    }
    return new Conversation(delivered, slowest);
  }
}
