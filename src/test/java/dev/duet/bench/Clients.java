package dev.duet.bench;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

/** Many simulated users connecting to, and leaving, the subject under measurement. */
final class Clients {
  static final Duration SETTLE = Duration.ofSeconds(30);
  static final Duration HEARTBEAT = Duration.ofSeconds(5);
  private static final int CONNECTING = 200;

  private final HttpClient http = HttpClient.newHttpClient();

  /**
   * Connects {@code count} users, at most {@link #CONNECTING} handshakes at a time, and returns
   * once each is ready: has its greeting (Duet's {@code session}, PeerJS's {@code OPEN}) or, in
   * {@code rooms} of two, its partner. Every frame then goes to {@code handler} (null: none).
   */
  List<Peer> connect(
      Subject subject, int count, String prefix, boolean rooms, BiConsumer<Peer, String> handler)
      throws Exception {
    String expected = rooms ? subject.paired() : subject.greeting();
    Semaphore slots = new Semaphore(CONNECTING);
    CountDownLatch ready = new CountDownLatch(count);
    Peer[] peers = new Peer[count];
    AtomicInteger failures = new AtomicInteger();
    for (int i = 0; i < count; i++) {
      String id = prefix + i;
      BiConsumer<Peer, String> first = firstFrame(expected, ready, handler);
      slots.acquire();
      int index = i;
      Peer.connect(http, subject.uri(i, id, rooms ? "r" + prefix + i / 2 : null), id, first)
          .whenComplete(
              (peer, e) -> {
                slots.release();
                if (e != null) {
                  failures.incrementAndGet();
                  ready.countDown();
                } else {
                  peers[index] = peer;
                  if (expected == null) {
                    ready.countDown();
                  }
                }
              });
    }
    slots.acquire(CONNECTING);
    if (!ready.await(SETTLE.toSeconds(), TimeUnit.SECONDS)) {
      throw new IllegalStateException(ready.getCount() + " peers were not ready in " + SETTLE);
    }
    if (failures.get() > 0) {
      throw new IllegalStateException(failures + " of " + count + " handshakes failed");
    }
    return Arrays.asList(peers);
  }

  /** One connection: connect, and complete with the peer when it is greeted (or open). */
  CompletableFuture<Peer> connectOne(
      Subject subject, int index, String id, BiConsumer<Peer, String> handler) {
    return Peer.connect(http, subject.uri(index, id, null), id, handler);
  }

  private static BiConsumer<Peer, String> firstFrame(
      String expected, CountDownLatch ready, BiConsumer<Peer, String> then) {
    return new BiConsumer<>() {
      private boolean done;

      @Override
      public void accept(Peer peer, String frame) {
        if (expected != null && !done && frame.contains(expected)) {
          done = true;
          ready.countDown();
        }
        if (then != null) {
          then.accept(peer, frame);
        }
      }
    };
  }

  /**
   * Sends each user's client heartbeat, if the subject's clients send one (PeerJS's every 5 s: its
   * server drops a client silent for 60 s, traffic or not), spread over the interval, until closed.
   */
  AutoCloseable heartbeats(Subject subject, List<Peer> peers) {
    String beat = subject.heartbeat();
    if (beat == null || peers.isEmpty()) {
      return () -> {};
    }
    AtomicInteger next = new AtomicInteger();
    long every = Math.max(1_000, HEARTBEAT.toNanos() / peers.size());
    ScheduledFuture<?> beats =
        Peer.TIMER.scheduleAtFixedRate(
            () -> peers.get(Math.floorMod(next.getAndIncrement(), peers.size())).send(beat),
            0,
            every,
            TimeUnit.NANOSECONDS);
    return () -> beats.cancel(false);
  }

  /** Closes the users and waits until the subject has cleaned up after all of them. */
  void closeAll(Subject subject, List<Peer> peers) throws Exception {
    peers.forEach(Peer::close);
    CompletableFuture.allOf(peers.stream().map(Peer::gone).toArray(CompletableFuture[]::new))
        .get(SETTLE.toSeconds(), TimeUnit.SECONDS);
    subject.awaitCleanUp(SETTLE);
  }
}
