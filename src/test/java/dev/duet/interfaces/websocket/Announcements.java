package dev.duet.interfaces.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duet.testing.Signal;
import dev.duet.testing.TestClient;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Every announcement follows its change: for each way a user stops being someone's peer, user A
 * makes the change and B, the moment it reads the announcement (the {@code hangup} or the {@code
 * peer_left}), answers it with a {@code webrtc_offer} to A and a {@code ping}. The offer must be
 * refused with {@code not_your_peer} before the pong, and A must never receive it. Each path is
 * repeated {@code repetitions} times in concurrent lanes, within a deadline: A is a new user each
 * time; B, who only answers, serves its lane's repetitions while it is left with no peer, room or
 * place in the queue (a B paired with somebody else is replaced, and so is a reported one, whom
 * reports may mark).
 */
final class Announcements {
  private static final String PROBE = "probe";
  private static final String AFTER = "after-probe";
  private static final Duration VERDICT_WAIT = Duration.ofSeconds(40);

  /** A way for A to stop being B's peer, and how the two become peers first. */
  enum Path {
    HANGUP(true),
    SKIP(true),
    BLOCK(true),
    REPORT(true),
    LEAVE(true),
    CLOSE(true),
    GRACE_TIMEOUT(true),
    LEAVE_ROOM(false),
    CLOSE_IN_ROOM(false);

    final boolean match;

    Path(boolean match) {
      this.match = match;
    }

    /** Whether A stays connected, so that it can be checked never to get the offer. */
    boolean staysConnected() {
      return this != LEAVE && this != CLOSE && this != GRACE_TIMEOUT && this != CLOSE_IN_ROOM;
    }
  }

  /** Opens the clients of the repetitions: in a cluster, each on the instance it chooses. */
  interface Clients {
    /** The B of lane {@code lane}, who answers the announcements. */
    TestClient observer(int lane);

    /** The A of repetition {@code repetition} in lane {@code lane}, who makes the change. */
    TestClient actor(int lane, int repetition);
  }

  private Announcements() {}

  /**
   * Runs {@code path} {@code repetitions} times in {@code lanes} concurrent lanes. Fails with every
   * violation seen, or if the repetitions did not all run within {@code deadline}.
   */
  static void check(Path path, int repetitions, int lanes, Duration deadline, Clients clients)
      throws Exception {
    Instant end = Instant.now().plus(deadline);
    AtomicInteger next = new AtomicInteger();
    AtomicInteger done = new AtomicInteger();
    List<String> violations = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger unanswered = new AtomicInteger();
    AtomicInteger paired = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(lanes);
    try {
      List<Future<?>> running = new ArrayList<>();
      for (int l = 0; l < lanes; l++) {
        int lane = l;
        running.add(
            pool.submit(
                () -> {
                  TestClient b = null;
                  try {
                    for (int i; (i = next.getAndIncrement()) < repetitions; ) {
                      if (Instant.now().isAfter(end) || violations.size() > 10) {
                        return null;
                      }
                      int repetition = i;
                      try {
                        for (int attempt = 1; ; attempt++) {
                          if (b == null || !b.isOpen()) {
                            b = connectRetrying(() -> clients.observer(lane), unanswered);
                          }
                          Supplier<TestClient> a =
                              () ->
                                  connectRetrying(
                                      () -> clients.actor(lane, repetition), unanswered);
                          if (once(path, repetition, a, b, violations)) {
                            break;
                          }
                          b.close();
                          b = null;
                          paired.incrementAndGet();
                          if (attempt == 3) {
                            throw new AssertionError("A and B were not paired with each other");
                          }
                        }
                        done.incrementAndGet();
                        if (path == Path.REPORT) {
                          b.close();
                          b = null;
                        }
                      } catch (AssertionError | RuntimeException failed) {
                        violations.add(path + " #" + i + " failed: " + failed);
                        if (b != null) {
                          b.close();
                          b = null;
                        }
                      }
                    }
                    return null;
                  } finally {
                    if (b != null) {
                      b.close();
                    }
                  }
                }));
      }
      for (Future<?> lane : running) {
        lane.get(deadline.toSeconds() + 60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdown();
      if (!pool.awaitTermination(60, TimeUnit.SECONDS)) {
        pool.shutdownNow();
      }
    }
    assertEquals(List.of(), violations, path + ": replies judged against the old state");
    assertEquals(repetitions, done.get(), path + ": repetitions run within " + deadline);
    assertTrue(
        unanswered.get() <= Math.max(3, repetitions / 100),
        unanswered.get() + " handshakes were not answered in " + repetitions + " repetitions");
    assertTrue(
        paired.get() <= Math.max(3, repetitions / 100),
        paired.get() + " times A or B was matched with somebody else after the interest fallback");
    System.out.printf(
        "ANNOUNCEMENTS %s: %d repetitions, 0 violations, %d handshakes not answered, %d pairs"
            + " formed otherwise after the interest fallback (retried)%n",
        path, done.get(), unanswered.get(), paired.get());
  }

  /**
   * Opens a client, trying again (twice at most) when the handshake is not answered in time, as the
   * page does: Payara Micro rarely leaves one unanswered under churn (README, Payara Micro), which
   * is no announcement's doing.
   */
  private static TestClient connectRetrying(
      Supplier<TestClient> connect, AtomicInteger unanswered) {
    for (int attempt = 1; ; attempt++) {
      try {
        return connect.get();
      } catch (IllegalStateException notAnswered) {
        unanswered.incrementAndGet();
        if (attempt == 3) {
          throw notAnswered;
        }
      }
    }
  }

  /**
   * Runs the path once with a new A and this B; false if A and B were not paired with each other
   * (see {@link #match}), and B must then be replaced. B ends with no peer, room or place in the
   * queue, and nothing left to read.
   */
  private static boolean once(
      Path path, int i, Supplier<TestClient> connect, TestClient b, List<String> violations) {
    try (TestClient a = connect.get()) {
      String matchId = path.match ? match(a, b) : room(a, b);
      if (matchId == null) {
        return false;
      }
      AtomicBoolean offered = new AtomicBoolean();
      a.onEachFrame(
          frame -> {
            if (Json.JSONB.fromJson(frame, ServerMessage.class) instanceof ServerMessage.Offer) {
              offered.set(true);
            }
          });
      AtomicBoolean answered = new AtomicBoolean();
      b.onEachFrame(
          frame -> {
            if (announcesTheEnd(frame, a.userId()) && answered.compareAndSet(false, true)) {
              b.send(new Signal.Offer(a.userId(), JsonValue.EMPTY_JSON_OBJECT, PROBE));
              b.send(new ClientMessage.Ping(AFTER));
            }
          });
      act(path, a, b, matchId);
      String verdict = readVerdict(b, a.userId());
      b.onEachFrame(null);
      if (verdict != null) {
        violations.add(path + " #" + i + ": " + verdict);
        return true;
      }
      if (path.staysConnected()) {
        a.send(new ClientMessage.Ping("end"));
        while (!(Json.JSONB.fromJson(a.nextRaw(), ServerMessage.class)
            instanceof ServerMessage.Pong)) {
          // what A was told of its own change
        }
        if (offered.get()) {
          violations.add(path + " #" + i + ": A received B's offer after the change");
        }
      }
      if (!path.match) {
        b.send(new ClientMessage.LeaveRoom(matchId, null));
      }
      b.send(new ClientMessage.Ping("ready"));
      while (!(Json.JSONB.fromJson(b.nextRaw(), ServerMessage.class)
          instanceof ServerMessage.Pong)) {
        // the room B left
      }
    }
    return true;
  }

  private static boolean announcesTheEnd(String frame, String peerId) {
    ServerMessage message = Json.JSONB.fromJson(frame, ServerMessage.class);
    return message instanceof ServerMessage.Hangup hangup && peerId.equals(hangup.fromUser())
        || message instanceof ServerMessage.PeerLeft left && peerId.equals(left.payload().peerId());
  }

  /**
   * Reads B's frames up to the pong that followed its probe: null if the probe was refused with
   * {@code not_your_peer} before it, else what went wrong. The announcement may take a resume grace
   * to come, so this waits up to {@link #VERDICT_WAIT} for each frame.
   */
  private static String readVerdict(TestClient b, String peerId) {
    boolean refused = false;
    List<String> seen = new ArrayList<>();
    while (true) {
      String frame = b.poll(VERDICT_WAIT);
      if (frame == null) {
        return "nothing within " + VERDICT_WAIT + "; B saw " + seen;
      }
      seen.add(frame);
      ServerMessage message = Json.JSONB.fromJson(frame, ServerMessage.class);
      if (message instanceof ServerMessage.Error error && PROBE.equals(error.messageId())) {
        refused = error.payload().code().equals("not_your_peer");
      } else if (message instanceof ServerMessage.Pong pong && AFTER.equals(pong.messageId())) {
        return refused ? null : "the offer to " + peerId + " was not refused; B saw " + seen;
      }
    }
  }

  /**
   * Pairs A and B as strangers through an interest only they have; returns the match id, or null if
   * either was matched with somebody else: under load one may wait past {@code INTEREST_FALLBACK},
   * and then anyone will do, as the README says.
   */
  private static String match(TestClient a, TestClient b) {
    List<String> interests = List.of("x" + UUID.randomUUID().toString().substring(0, 12));
    ClientMessage request =
        new ClientMessage.RequestRandomPeer(
            new ClientMessage.RandomPeerPayload(null, interests), null);
    a.send(request);
    a.expect(ServerMessage.Waiting.class);
    b.send(request);
    b.expect(ServerMessage.Waiting.class);
    ServerMessage.RolePayload ofB = b.expect(ServerMessage.AssignRole.class).payload();
    ServerMessage.RolePayload ofA = a.expect(ServerMessage.AssignRole.class).payload();
    if (!ofB.peerId().equals(a.userId()) || !ofA.peerId().equals(b.userId())) {
      return null;
    }
    assertEquals(ofB.matchId(), ofA.matchId());
    return ofB.matchId();
  }

  /** Puts A and B in a new room; returns its id. */
  private static String room(TestClient a, TestClient b) {
    String room = "race-" + UUID.randomUUID();
    a.send(new ClientMessage.JoinRoom(room, null, null));
    a.expect(ServerMessage.RoomJoined.class);
    b.send(new ClientMessage.JoinRoom(room, null, null));
    b.expect(ServerMessage.RoomJoined.class);
    b.expect(ServerMessage.AssignRole.class);
    a.expectAfter(ServerMessage.PeerJoined.class, ServerMessage.AssignRole.class);
    return room;
  }

  private static void act(Path path, TestClient a, TestClient b, String id) {
    switch (path) {
      case HANGUP -> a.send(new Signal.Hangup(b.userId(), null, null));
      case SKIP ->
          a.send(
              new ClientMessage.RequestRandomPeer(
                  new ClientMessage.RandomPeerPayload(b.userId(), List.of(id)), null));
      case BLOCK ->
          a.send(new ClientMessage.BlockPeer(new ClientMessage.PeerPayload(b.userId()), null));
      case REPORT ->
          a.send(
              new ClientMessage.ReportPeer(
                  new ClientMessage.ReportPayload(b.userId(), id, "race test"), null));
      case LEAVE -> a.send(new ClientMessage.Leave(null));
      case CLOSE, CLOSE_IN_ROOM -> a.close(1000, "bye");
      case GRACE_TIMEOUT -> a.close(4000, "network gone");
      case LEAVE_ROOM -> a.send(new ClientMessage.LeaveRoom(id, null));
    }
  }
}
