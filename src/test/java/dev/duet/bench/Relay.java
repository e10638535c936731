package dev.duet.bench;

import static dev.duet.bench.Report.fmt;
import static dev.duet.bench.Report.ms;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Pairs exchanging ~600-byte candidates: at fixed rates (CPU per message, one-way latency), and in
 * a closed loop (one message in flight per pair: the most the server relays), then the closed loop
 * again from an independent generator, Node's {@code ws}, to show this JVM is not what limits it.
 */
final class Relay {
  static final int PAYLOAD_BYTES = 600;

  private final Clients clients;
  private final Report report;
  private final Duration warmUp;
  private final Duration measure;
  private final int pairs;
  private final List<Integer> rates;

  Relay(
      Clients clients,
      Report report,
      Duration warmUp,
      Duration measure,
      int pairs,
      List<Integer> rates) {
    this.clients = clients;
    this.report = report;
    this.warmUp = warmUp;
    this.measure = measure;
    this.pairs = pairs;
    this.rates = rates;
  }

  void run(Subject subject, boolean independent) throws Exception {
    String label = subject.label();
    Report.Latencies latencies = new Report.Latencies(4_000_000);
    AtomicLong received = new AtomicLong();
    boolean[] echo = {false};
    String marker = subject.signalMarker();
    List<Peer> peers =
        clients.connect(
            subject,
            2 * pairs,
            "p",
            true,
            (peer, frame) -> {
              if (!frame.contains(marker)) {
                return;
              }
              latencies.add(System.nanoTime() - stamp(frame));
              received.incrementAndGet();
              if (echo[0]) {
                peer.send(subject.signal(partner(peer.id), PAYLOAD_BYTES));
              }
            });
    try (AutoCloseable beats = clients.heartbeats(subject, peers)) {
      for (int rate : rates) {
        sendAtRate(subject, peers, rate, warmUp);
        latencies.reset();
        received.set(0);
        Report.Measure m = new Report.Measure(subject);
        sendAtRate(subject, peers, rate, measure);
        long count = received.get();
        row(label, "relay " + rate + "/s", count, m.seconds(), latencies, m);
        report.record(label, "relay_us_" + rate, m.serverCpuMicros() / Math.max(1, count));
        report.record(label, "relay_p99_" + rate, latencies.percentile(99) / 1e6);
        drain(received);
      }
      echo[0] = true;
      for (int i = 0; i < pairs; i++) {
        peers.get(2 * i).send(subject.signal(partner(peers.get(2 * i).id), PAYLOAD_BYTES));
      }
      LockSupport.parkNanos(warmUp.toNanos());
      latencies.reset();
      received.set(0);
      Report.Measure m = new Report.Measure(subject);
      LockSupport.parkNanos(measure.toNanos());
      long count = received.get();
      double seconds = m.seconds();
      echo[0] = false;
      row(label, "relay closed loop", count, seconds, latencies, m);
      report.record(label, "relay_max", count / seconds);
      report.record(label, "relay_us_max", m.serverCpuMicros() / Math.max(1, count));
      drain(received);
    }
    clients.closeAll(subject, peers);
    if (independent) {
      nodeClosedLoop(subject);
    }
  }

  /** The closed loop driven by {@code src/test/node/relay-generator.mjs} instead of this JVM. */
  private void nodeClosedLoop(Subject subject) throws Exception {
    Report.Measure m = new Report.Measure(subject);
    Node.Result result =
        Node.run(
            "relay-generator.mjs",
            warmUp.plus(measure).plus(Clients.SETTLE).plus(Clients.SETTLE),
            subject.kind.name().toLowerCase(Locale.ROOT),
            Node.url(subject, true),
            Integer.toString(pairs),
            Long.toString(warmUp.toSeconds()),
            Long.toString(measure.toSeconds()));
    double rate = result.rate();
    report.record(subject.label(), "relay_max_node", rate);
    report.row(
        subject.label(),
        "relay closed loop, node ws generator",
        fmt(rate) + " msg/s",
        "-",
        "-",
        "-",
        "-",
        "",
        "connects, warms up and measures in node; server CPU not split out",
        result.generatorPercent() + "%",
        m.noise());
    subject.awaitCleanUp(Clients.SETTLE);
  }

  private void row(
      String label, String name, long count, double seconds, Report.Latencies l, Report.Measure m) {
    report.row(
        label,
        name,
        fmt(count / seconds) + " msg/s",
        ms(l.percentile(50)),
        ms(l.percentile(99)),
        ms(l.percentile(99.9)),
        String.format(Locale.ROOT, "%.1f", m.serverCpuMicros() / Math.max(1, count)),
        "",
        "",
        m.generator(),
        m.noise());
  }

  private static void sendAtRate(Subject subject, List<Peer> peers, int rate, Duration duration) {
    long start = System.nanoTime();
    long end = start + duration.toNanos();
    long sent = 0;
    int next = 0;
    long now;
    while ((now = System.nanoTime()) < end) {
      long due = rate * (now - start) / 1_000_000_000L;
      while (sent < due) {
        Peer peer = peers.get(next++ % peers.size());
        peer.send(subject.signal(partner(peer.id), PAYLOAD_BYTES));
        sent++;
      }
      LockSupport.parkNanos(1_000_000);
    }
  }

  private static void drain(AtomicLong received) {
    long last = -1;
    while (received.get() != last) {
      last = received.get();
      LockSupport.parkNanos(200_000_000);
    }
  }

  private static String partner(String id) {
    return "p" + (Integer.parseInt(id.substring(1)) ^ 1);
  }

  private static long stamp(String frame) {
    int i = frame.lastIndexOf("\"t\":") + 4;
    int j = i;
    while (j < frame.length() && Character.isDigit(frame.charAt(j))) {
      j++;
    }
    return Long.parseLong(frame.substring(i, j));
  }
}
