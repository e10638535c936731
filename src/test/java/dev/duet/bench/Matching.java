package dev.duet.bench;

import static dev.duet.bench.Report.fmt;
import static dev.duet.bench.Report.ms;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiConsumer;

/**
 * Strangers matched at random: every client asks again {@code thinkMillis} after each match; with
 * no think time this is the matchmaker's throughput, with some it is the time to a match when
 * partners are waiting, below saturation. Duet against the bare endpoint's trivial matcher (one
 * waiting connection, no rules).
 */
final class Matching {
  private static final String REQUEST = "{\"type\":\"request_random_peer\"}";

  private final Clients clients;
  private final Report report;
  private final Duration warmUp;
  private final Duration measure;
  private final int count;

  Matching(Clients clients, Report report, Duration warmUp, Duration measure, int count) {
    this.clients = clients;
    this.report = report;
    this.warmUp = warmUp;
    this.measure = measure;
    this.count = count;
  }

  void run(Subject subject, long thinkMillis) throws Exception {
    Report.Latencies toMatch = new Report.Latencies(4_000_000);
    AtomicLong roles = new AtomicLong();
    long[] asked = new long[count];
    BiConsumer<Peer, String> loop =
        (peer, frame) -> {
          if (frame.contains("\"assign_role\"")) {
            int i = Integer.parseInt(peer.id.substring(1));
            toMatch.add(System.nanoTime() - asked[i]);
            roles.incrementAndGet();
            Runnable again =
                () -> {
                  asked[i] = System.nanoTime();
                  peer.send(REQUEST);
                };
            if (thinkMillis == 0) {
              again.run();
            } else {
              Peer.TIMER.schedule(again, thinkMillis, TimeUnit.MILLISECONDS);
            }
          }
        };
    List<Peer> peers = clients.connect(subject, count, "m", false, null);
    for (int i = 0; i < count; i++) {
      peers.get(i).handle(loop);
      asked[i] = System.nanoTime();
      peers.get(i).send(REQUEST);
    }
    LockSupport.parkNanos(warmUp.toNanos());
    toMatch.reset();
    roles.set(0);
    Report.Measure m = new Report.Measure(subject);
    LockSupport.parkNanos(measure.toNanos());
    long made = roles.get() / 2;
    double seconds = m.seconds();
    String generator = m.generator();
    peers.forEach(p -> p.handle((peer, frame) -> {}));
    report.record(subject.label(), "matches_per_second_" + thinkMillis, made / seconds);
    report.record(subject.label(), "match_p99_ms_" + thinkMillis, toMatch.percentile(99) / 1e6);
    report.row(
        subject.label(),
        "matching " + count + (thinkMillis == 0 ? " re-queue" : " pause " + thinkMillis + " ms"),
        fmt(made / seconds) + " match/s",
        ms(toMatch.percentile(50)),
        ms(toMatch.percentile(99)),
        ms(toMatch.percentile(99.9)),
        String.format(Locale.ROOT, "%.1f/match", m.serverCpuMicros() / Math.max(1, made)),
        "",
        "latency: request → assign_role",
        generator,
        m.noise());
    clients.closeAll(subject, peers);
  }
}
