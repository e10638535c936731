package dev.duet.interfaces.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duet.testing.Awaits;
import dev.duet.testing.Signal;
import dev.duet.testing.TestClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Random matching under load against a deployment, one server or a cluster: 1,000 clients asking at
 * once, and a randomized stress of requests, skips, hang-ups and disconnects after which every
 * invariant of the matching issue is checked from what each client was told.
 */
final class Strangers {

  /** Where the clients go, and what the deployment reports. */
  interface Deployment {
    /** Connects the {@code index}-th new client. */
    TestClient connect(int index);

    /** Connects a client whose connection was lost with its token, to resume its session. */
    TestClient resume(String token);

    /** A figure of the whole deployment from {@code /stats}. */
    long stat(String name);

    String stats();

    String name();
  }

  /**
   * How long the session of a closed client may last: Payara Micro does not report every close (see
   * the README), so the heartbeat finds it ({@code CONNECTION_TIMEOUT}, 6 s in these tests) and the
   * session then waits {@code RESUME_GRACE} (15 s on the cluster) like any dropped one.
   */
  private static final Duration LINGER = Duration.ofSeconds(40);

  private Strangers() {}

  /** 1,000 clients asking at once are each matched exactly once, and the pairs agree. */
  static void thousandAtOnce(Deployment deployment) throws Exception {
    int count = 1_000;
    ExecutorService pool = Executors.newFixedThreadPool(32);
    List<TestClient> clients = new ArrayList<>();
    try {
      List<Future<TestClient>> connecting = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        int index = i;
        connecting.add(pool.submit(() -> deployment.connect(index)));
      }
      for (Future<TestClient> client : connecting) {
        clients.add(client.get(60, TimeUnit.SECONDS));
      }
      CountDownLatch go = new CountDownLatch(1);
      List<Future<ServerMessage.RolePayload>> roles = new ArrayList<>();
      for (TestClient client : clients) {
        roles.add(
            pool.submit(
                () -> {
                  go.await();
                  client.send(new ClientMessage.UserAvailable(null));
                  client.expect(ServerMessage.Waiting.class);
                  return client.expect(ServerMessage.AssignRole.class).payload();
                }));
      }
      go.countDown();
      Map<String, ServerMessage.RolePayload> byUser = new HashMap<>();
      for (int i = 0; i < count; i++) {
        byUser.put(clients.get(i).userId(), roles.get(i).get(60, TimeUnit.SECONDS));
      }
      int impolite = 0;
      for (var entry : byUser.entrySet()) {
        ServerMessage.RolePayload mine = entry.getValue();
        ServerMessage.RolePayload theirs = byUser.get(mine.peerId());
        assertEquals(entry.getKey(), theirs.peerId(), "pairs agree on each other");
        assertEquals(mine.matchId(), theirs.matchId(), "pairs agree on the match");
        assertTrue(!mine.role().equals(theirs.role()), "exactly one side is impolite");
        impolite += mine.role().equals("impolite") ? 1 : 0;
      }
      assertEquals(count / 2, impolite);
      Awaits.until(
          Duration.ofSeconds(5),
          () -> deployment.stat("active_matches") == count / 2,
          () -> "matches counted: " + deployment.stats());
      for (TestClient client : clients) {
        client.expectNothing(Duration.ZERO);
      }
    } finally {
      clients.forEach(TestClient::close);
      pool.shutdownNow();
    }
    Awaits.until(
        LINGER,
        () -> deployment.stat("active_users") == 0,
        () -> "sessions left: " + deployment.stats());
  }

  /** One stress client's view of its own state, from the frames it has read. */
  private static final class Stranger {
    final TestClient client;
    String matchId;
    String partner;
    boolean waiting;
    final ArrayDeque<String> history = new ArrayDeque<>();

    Stranger(TestClient client) {
      this.client = client;
    }

    /** The same user on a new connection that resumed its session. */
    Stranger(TestClient client, Stranger before) {
      this(client);
      matchId = before.matchId;
      partner = before.partner;
      waiting = before.waiting;
      history.addAll(before.history);
    }

    void note(String event) {
      history.addLast(event.length() > 160 ? event.substring(0, 160) : event);
      if (history.size() > 12) {
        history.removeFirst();
      }
    }

    String id() {
      return client.userId();
    }
  }

  /**
   * 120 clients, four drivers, for {@code length}: random requests (45 %), hang-ups (15 %),
   * candidates to the partner (25 %) and disconnects replaced by new users (3 %); a client whose
   * connection breaks resumes with its token. {@code midway} runs once at half time. Then every
   * client is asked to wait, and the pairs, the queue and the counts must agree.
   */
  static void stress(Deployment deployment, Duration length, Runnable midway) throws Exception {
    int actors = 120;
    int drivers = 4;
    Map<String, Set<String>> sidesByMatch = new ConcurrentHashMap<>();
    AtomicInteger reconnects = new AtomicInteger();
    AtomicInteger resumes = new AtomicInteger();
    AtomicInteger refused = new AtomicInteger();
    AtomicInteger serial = new AtomicInteger();
    List<String> violations = Collections.synchronizedList(new ArrayList<>());
    long madeBefore = deployment.stat("matches_made");
    Instant start = Instant.now();
    Instant end = start.plus(length);

    ExecutorService pool = Executors.newFixedThreadPool(drivers + 1);
    Future<?> halfTime =
        pool.submit(
            () -> {
              Awaits.pause(length.dividedBy(2));
              midway.run();
              return null;
            });
    List<Future<List<Stranger>>> groups = new ArrayList<>();
    for (int d = 0; d < drivers; d++) {
      groups.add(
          pool.submit(
              () -> {
                List<Stranger> mine = new ArrayList<>();
                for (int i = 0; i < actors / drivers; i++) {
                  mine.add(new Stranger(deployment.connect(serial.getAndIncrement())));
                }
                ThreadLocalRandom random = ThreadLocalRandom.current();
                for (long step = 0; step < 5_000_000 && Instant.now().isBefore(end); step++) {
                  int who = random.nextInt(mine.size());
                  Stranger s = mine.get(who);
                  if (!s.client.isOpen()) {
                    mine.set(who, s = resume(deployment, s, sidesByMatch, violations, refused));
                    resumes.incrementAndGet();
                  }
                  drain(s, sidesByMatch, violations);
                  try {
                    act(s, random.nextInt(100), mine, who, deployment, serial, reconnects, refused);
                  } catch (IllegalStateException sendFailed) {
                    s.note("send failed: " + sendFailed.getMessage());
                  }
                }
                for (int i = 0; i < mine.size(); i++) {
                  if (!mine.get(i).client.isOpen()) {
                    mine.set(i, resume(deployment, mine.get(i), sidesByMatch, violations, refused));
                    resumes.incrementAndGet();
                  }
                }
                return mine;
              }));
    }
    List<Stranger> everyone = new ArrayList<>();
    for (Future<List<Stranger>> group : groups) {
      everyone.addAll(group.get(length.toSeconds() + 120, TimeUnit.SECONDS));
    }
    halfTime.get(60, TimeUnit.SECONDS);
    pool.shutdown();
    try {
      check(deployment, everyone, actors, start, madeBefore, sidesByMatch, violations);
    } finally {
      everyone.forEach(s -> s.client.close());
    }
    System.out.printf(
        "STRESS %s: %d reconnects, %d resumed, %d handshakes not answered in time%n",
        deployment.name(), reconnects.get(), resumes.get(), refused.get());
    assertTrue(
        refused.get() <= Math.max(3, reconnects.get() / 100),
        refused.get() + " of " + reconnects.get() + " handshakes were not answered");
  }

  private static void check(
      Deployment deployment,
      List<Stranger> everyone,
      int actors,
      Instant start,
      long madeBefore,
      Map<String, Set<String>> sidesByMatch,
      List<String> violations) {
    double seconds = Duration.between(start, Instant.now()).toMillis() / 1000.0;
    long made = deployment.stat("matches_made") - madeBefore;

    Awaits.until(
        LINGER,
        () -> deployment.stat("active_users") == actors,
        () -> "sessions of closed clients linger: " + deployment.stats());
    settle(everyone, sidesByMatch, violations);
    for (Stranger s : everyone) {
      if (s.matchId == null && !s.waiting) {
        s.client.send(new ClientMessage.UserAvailable(null));
      }
    }
    Awaits.until(
        Duration.ofSeconds(15),
        () -> deployment.stat("waiting_users") <= 1,
        () -> "users stuck in the queue: " + deployment.stats());
    settle(everyone, sidesByMatch, violations);

    assertEquals(List.of(), violations);
    Map<String, Stranger> byId = new HashMap<>();
    everyone.forEach(s -> byId.put(s.id(), s));
    int matched = 0;
    int waiting = 0;
    for (Stranger s : everyone) {
      if (s.matchId != null) {
        matched++;
        Stranger partner = byId.get(s.partner);
        assertTrue(
            partner != null,
            s.id()
                + " matched with a gone user "
                + s.partner
                + "; "
                + deployment.stats()
                + "; last frames: "
                + String.join("\n", s.history));
        String both =
            "; "
                + s.id()
                + " saw "
                + String.join("\n", s.history)
                + "\n; "
                + partner.id()
                + " saw "
                + String.join("\n", partner.history);
        assertEquals(s.matchId, partner.matchId, "both sides agree on the match" + both);
        assertEquals(s.id(), partner.partner, "both sides agree on each other" + both);
      } else {
        assertTrue(s.waiting, s.id() + " is neither matched nor waiting");
        waiting++;
      }
    }
    for (var sides : sidesByMatch.entrySet()) {
      assertTrue(
          sides.getValue().size() <= 2, "match " + sides.getKey() + " has " + sides.getValue());
    }
    int matchedNow = matched;
    int waitingNow = waiting;
    Awaits.until(
        Duration.ofSeconds(5),
        () ->
            deployment.stat("active_matches") * 2 == matchedNow
                && deployment.stat("waiting_users") == waitingNow,
        () ->
            "clients see "
                + matchedNow
                + " matched, "
                + waitingNow
                + " waiting; "
                + deployment.stats());
    assertTrue(waiting <= 1, waiting + " users waiting with partners available");
    assertTrue(made > 16 * seconds, "only " + made + " matches in " + seconds + " s");
    System.out.printf(
        "STRESS %s: %d matches in %.1f s = %.0f matches/s with %d clients%n",
        deployment.name(), made, seconds, made / seconds, actors);
  }

  /** One random action of a stress client. */
  private static void act(
      Stranger s,
      int action,
      List<Stranger> mine,
      int who,
      Deployment deployment,
      AtomicInteger serial,
      AtomicInteger reconnects,
      AtomicInteger refused) {
    if (action < 45) {
      s.client.send(new ClientMessage.UserAvailable(null));
      s.note("sent user_available");
    } else if (action < 60 && s.partner != null) {
      s.client.send(new Signal.Hangup(s.partner, null, null));
      s.note("sent hangup to " + s.partner);
      s.matchId = null;
      s.partner = null;
    } else if (action < 85 && s.partner != null) {
      s.client.send(
          new Signal.Candidate(s.partner, jakarta.json.JsonValue.EMPTY_JSON_OBJECT, null));
    } else if (action < 88) {
      s.client.close();
      mine.set(who, reconnect(deployment, serial, reconnects, refused));
    }
  }

  /**
   * Connects a new stranger in place of one that left, as a real client would: a handshake that is
   * not answered in time (Payara Micro, rarely, under this load, or a server being killed) is
   * counted and tried again.
   */
  private static Stranger reconnect(
      Deployment deployment,
      AtomicInteger serial,
      AtomicInteger reconnects,
      AtomicInteger refused) {
    reconnects.incrementAndGet();
    return new Stranger(handshake(() -> deployment.connect(serial.getAndIncrement()), refused));
  }

  /**
   * Opens a connection, trying up to three handshakes; each one not answered in time is counted in
   * {@code refused}, and the third failure is thrown.
   */
  private static TestClient handshake(Supplier<TestClient> open, AtomicInteger refused) {
    for (int attempt = 1; ; attempt++) {
      try {
        return open.get();
      } catch (IllegalStateException | AssertionError notAnswered) {
        refused.incrementAndGet();
        if (attempt == 3) {
          throw notAnswered;
        }
      }
    }
  }

  /**
   * A client whose connection broke (its server died, or dropped it) reads what it had been sent,
   * then resumes its session with its token, as the page does; a handshake not answered in time is
   * counted in {@code refused} and tried again, as for {@link #reconnect}.
   */
  private static Stranger resume(
      Deployment deployment,
      Stranger s,
      Map<String, Set<String>> sidesByMatch,
      List<String> violations,
      AtomicInteger refused) {
    drain(s, sidesByMatch, violations);
    TestClient back;
    try {
      back = handshake(() -> deployment.resume(s.client.token()), refused);
    } catch (AssertionError | IllegalStateException notAnswered) {
      violations.add(
          s.id()
              + " could not resume: "
              + notAnswered.getMessage()
              + "; saw "
              + String.join("\n", s.history));
      throw notAnswered;
    }
    if (!back.hello().resumed() || !back.userId().equals(s.id())) {
      violations.add(s.id() + " could not resume: " + back.hello());
    }
    s.note("resumed");
    return new Stranger(back, s);
  }

  /**
   * Reads what every client was sent until a round brings nothing new for a second (at most 30 s):
   * frames relayed between instances may still be on their way when a client's own server answers a
   * ping.
   */
  private static void settle(
      List<Stranger> everyone, Map<String, Set<String>> sidesByMatch, List<String> violations) {
    Instant deadline = Instant.now().plusSeconds(30);
    int quietRounds = 0;
    while (quietRounds < 2 && Instant.now().isBefore(deadline)) {
      int read = 0;
      for (Stranger s : everyone) {
        read += readEverything(s, sidesByMatch, violations);
      }
      quietRounds = read == 0 ? quietRounds + 1 : 0;
      Awaits.pause(Duration.ofMillis(500));
    }
  }

  /** Reads every frame the server sent before answering a ping; returns how many. */
  private static int readEverything(
      Stranger s, Map<String, Set<String>> sidesByMatch, List<String> violations) {
    s.client.send(new ClientMessage.Ping("barrier"));
    for (int read = 0; ; read++) {
      String frame = s.client.nextRaw();
      if (frame.contains("\"pong\"")) {
        return read;
      }
      apply(s, frame, sidesByMatch, violations);
    }
  }

  private static void drain(
      Stranger s, Map<String, Set<String>> sidesByMatch, List<String> violations) {
    for (String frame; (frame = s.client.poll(Duration.ZERO)) != null; ) {
      apply(s, frame, sidesByMatch, violations);
    }
  }

  private static void apply(
      Stranger s, String frame, Map<String, Set<String>> sidesByMatch, List<String> violations) {
    ServerMessage message = Json.JSONB.fromJson(frame, ServerMessage.class);
    s.note(frame);
    if (message instanceof ServerMessage.Waiting) {
      s.matchId = null;
      s.partner = null;
      s.waiting = true;
    } else if (message instanceof ServerMessage.AssignRole role) {
      String matchId = role.payload().matchId();
      if (matchId.equals(s.matchId)) {
        return;
      }
      if (s.matchId != null) {
        violations.add(s.id() + " got " + matchId + " while in " + s.matchId);
      }
      if (!s.waiting) {
        violations.add(s.id() + " matched without waiting");
      }
      joined(s, matchId, role.payload().peerId(), sidesByMatch);
    } else if (message instanceof ServerMessage.SessionState state) {
      ServerMessage.RolePayload match = state.payload().match();
      s.waiting = false;
      s.matchId = null;
      s.partner = null;
      if (match != null) {
        joined(s, match.matchId(), match.peerId(), sidesByMatch);
      }
    } else if (message instanceof ServerMessage.PeerLeft left) {
      if (left.payload().matchId().equals(s.matchId)) {
        s.matchId = null;
        s.partner = null;
      }
    } else if (message instanceof ServerMessage.Hangup hangup) {
      if (hangup.fromUser().equals(s.partner)) {
        s.matchId = null;
        s.partner = null;
      }
    } else if (message instanceof ServerMessage.Error error) {
      if (!error.payload().code().equals("not_your_peer")) {
        violations.add(s.id() + " got " + frame);
      }
    } else if (!(message instanceof ServerMessage.Candidate
        || message instanceof ServerMessage.PeerReconnecting
        || message instanceof ServerMessage.PeerReconnected)) {
      violations.add(s.id() + " got unexpected " + frame);
    }
  }

  private static void joined(
      Stranger s, String matchId, String partner, Map<String, Set<String>> sidesByMatch) {
    s.matchId = matchId;
    s.partner = partner;
    s.waiting = false;
    sidesByMatch
        .computeIfAbsent(matchId, id -> ConcurrentHashMap.newKeySet())
        .add(s.id() + ">" + partner);
  }
}
