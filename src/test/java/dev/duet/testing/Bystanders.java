package dev.duet.testing;

import dev.duet.interfaces.websocket.Json;
import dev.duet.interfaces.websocket.ServerMessage;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A healthy room call beside an attack: two users from addresses of their own in a private room,
 * one relaying an ICE candidate to the other every {@value #EVERY_MILLIS} ms (the default message
 * rate, so never limited however long it runs), the other timing each one's arrival. {@link #close}
 * stops the call and tells how it fared.
 */
public final class Bystanders implements AutoCloseable {
  private static final long EVERY_MILLIS = 500;
  private static final Duration SETTLE = Duration.ofSeconds(5);

  /** How the call fared: probes sent, received, and the relay's 99th percentile and worst. */
  public record Report(int sent, int received, long p99Millis, long maxMillis) {
    @Override
    public String toString() {
      return String.format(
          "%d of %d probes relayed, p99 %d ms, max %d ms", received, sent, p99Millis, maxMillis);
    }
  }

  private final TestClient caller;
  private final TestClient callee;
  private final Map<String, Long> sentAt = new ConcurrentHashMap<>();
  private final List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final Thread sender;
  private final Thread receiver;

  private Bystanders(TestClient caller, TestClient callee) {
    this.caller = caller;
    this.callee = callee;
    this.sender = new Thread(this::send, "bystander-sender");
    this.receiver = new Thread(this::receive, "bystander-receiver");
  }

  /** Starts a call between these two client addresses (as a trusted proxy names them). */
  public static Bystanders start(DuetServer server, String callerAddress, String calleeAddress) {
    String room = "room=bystanders-" + UUID.randomUUID();
    TestClient caller = TestClient.connect(server, room, Map.of("X-Forwarded-For", callerAddress));
    TestClient callee = TestClient.connect(server, room, Map.of("X-Forwarded-For", calleeAddress));
    Awaits.until(
        Duration.ofSeconds(10),
        () -> {
          caller.send(new Signal.Candidate(callee.userId(), probe(), "sync"));
          for (String frame; (frame = callee.poll(Duration.ofMillis(200))) != null; ) {
            if (frame.contains("\"sync\"")) {
              return true;
            }
          }
          return false;
        },
        () -> "the bystanders' room call relays");
    Bystanders call = new Bystanders(caller, callee);
    call.sender.start();
    call.receiver.start();
    return call;
  }

  private static JsonObject probe() {
    return jakarta.json.Json.createObjectBuilder().add("candidate", "probe").build();
  }

  private void send() {
    for (int n = 0; running.get(); n++) {
      String id = "by" + n;
      sentAt.put(id, System.nanoTime());
      caller.send(new Signal.Candidate(callee.userId(), probe(), id));
      try {
        Thread.sleep(EVERY_MILLIS);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private void receive() {
    long quietSince = Long.MAX_VALUE;
    while (running.get() || latencies.size() < sentAt.size()) {
      String frame = callee.poll(Duration.ofMillis(100));
      long now = System.nanoTime();
      if (frame != null
          && Json.JSONB.fromJson(frame, ServerMessage.class)
              instanceof ServerMessage.Candidate candidate
          && sentAt.containsKey(candidate.messageId())) {
        latencies.add(now - sentAt.get(candidate.messageId()));
      }
      if (running.get()) {
        quietSince = Long.MAX_VALUE;
      } else if (quietSince == Long.MAX_VALUE) {
        quietSince = now;
      } else if (now - quietSince > SETTLE.toNanos()) {
        return;
      }
    }
  }

  /** Stops the call, waits up to 5 s for the probes on their way; again changes nothing. */
  @Override
  public void close() {
    if (!running.getAndSet(false)) {
      return;
    }
    sender.interrupt();
    try {
      sender.join(5_000);
      receiver.join(SETTLE.toMillis() + 5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    caller.close();
    callee.close();
  }

  /** How the call fared; after {@link #close}. */
  public Report report() {
    List<Long> sorted;
    synchronized (latencies) {
      sorted = latencies.stream().sorted().toList();
    }
    if (sorted.isEmpty()) {
      return new Report(sentAt.size(), 0, Long.MAX_VALUE, Long.MAX_VALUE);
    }
    long p99 = sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(sorted.size() * 0.99) - 1));
    return new Report(
        sentAt.size(), sorted.size(), p99 / 1_000_000, sorted.get(sorted.size() - 1) / 1_000_000);
  }
}
