package dev.duet.bench;

import static dev.duet.bench.Report.fmt;
import static dev.duet.bench.Report.one;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiConsumer;

/**
 * Sessions without traffic: how fast they connect, what each costs in memory and, held idle, in CPU
 * (Duet's heartbeat pings, PeerJS's client heartbeats); whether memory comes back after they leave;
 * and churn, users connecting, getting a match where the subject matches, and leaving.
 */
final class Sessions {
  private static final Duration SETTLE_IDLE = Duration.ofSeconds(20);
  private static final int LEAK_CYCLES = 3;
  private static final int CHURNERS = 64;

  private final Clients clients;
  private final Report report;
  private final Duration warmUp;
  private final Duration measure;
  private final Duration idleMeasure;

  Sessions(
      Clients clients, Report report, Duration warmUp, Duration measure, Duration idleMeasure) {
    this.clients = clients;
    this.report = report;
    this.warmUp = warmUp;
    this.measure = measure;
    this.idleMeasure = idleMeasure;
  }

  void idle(Subject subject, List<Integer> counts) throws Exception {
    String label = subject.label();
    long baseRss = subject.rss();
    int held = counts.contains(10_000) ? 10_000 : counts.get(counts.size() - 1);
    for (int count : counts) {
      long baseHeap = subject.liveHeap();
      Report.Measure m = new Report.Measure(subject);
      List<Peer> peers = clients.connect(subject, count, "i", false, null);
      double rate = count / m.seconds();
      double cpu = m.serverCpuMicros() / count;
      String generator = m.generator();
      String noise = m.noise();
      long heap = baseHeap < 0 ? -1 : subject.liveHeap() - baseHeap;
      long rss = subject.rss() - baseRss;
      report.record(label, "connect_rate_" + count, rate);
      report.record(label, "connect_us_" + count, cpu);
      report.record(label, "rss_per_session_" + count, rss / (double) count);
      if (heap >= 0) {
        report.record(label, "heap_per_session_" + count, heap / (double) count);
      }
      report.row(
          label,
          "idle " + count,
          fmt(rate) + " conn/s",
          "-",
          "-",
          "-",
          String.format(Locale.ROOT, "%.0f/conn", cpu),
          (heap < 0 ? "" : "heap " + one(heap / 1024.0 / count) + " KB, ")
              + "RSS "
              + one(rss / 1024.0 / count)
              + " KB",
          "",
          generator,
          noise);
      if (count == held) {
        hold(subject, peers, count);
      }
      clients.closeAll(subject, peers);
      if (count == held) {
        nodeConnect(subject, count);
      }
    }
  }

  /**
   * The connect rate again from an independent generator, {@code
   * src/test/node/connect-generator.mjs}: this JVM's HTTP client spends more CPU on a handshake
   * than some servers do, so its own rate can be the generator's limit.
   */
  private void nodeConnect(Subject subject, int count) throws Exception {
    Report.Measure m = new Report.Measure(subject);
    Node.Result result =
        Node.run(
            "connect-generator.mjs",
            Clients.SETTLE.multipliedBy(5),
            subject.kind.name().toLowerCase(Locale.ROOT),
            Node.url(subject, false),
            Integer.toString(count));
    subject.awaitCleanUp(Clients.SETTLE);
    double cpu = m.serverCpuMicros() / count;
    report.record(subject.label(), "connect_rate_node_" + count, result.rate());
    report.record(subject.label(), "open_close_us_" + count, cpu);
    report.row(
        subject.label(),
        "connect " + count + ", node ws generator",
        fmt(result.rate()) + " conn/s",
        "-",
        "-",
        "-",
        String.format(Locale.ROOT, "%.0f/conn", cpu),
        "",
        "server CPU: open and close, clean-up included",
        result.generatorPercent() + "%",
        m.noise());
  }

  /**
   * Holds idle sessions for {@link #idleMeasure}, sending what their clients would send, after
   * {@link #SETTLE_IDLE}, in which the server's JIT compiler finishes most of what the connects
   * started; the compiler threads' CPU is shown apart and left out of the figure compared.
   */
  private void hold(Subject subject, List<Peer> peers, int count) throws Exception {
    AutoCloseable beats = clients.heartbeats(subject, peers);
    LockSupport.parkNanos(SETTLE_IDLE.toNanos());
    Report.Measure m = new Report.Measure(subject);
    LockSupport.parkNanos(idleMeasure.toNanos());
    double percent = m.serverPercent();
    double compiler = m.compilerPercent();
    beats.close();
    report.record(subject.label(), "idle_cpu_" + count, percent - compiler);
    report.row(
        subject.label(),
        "held idle " + count + " for " + idleMeasure.toSeconds() + " s",
        "-",
        "-",
        "-",
        "-",
        String.format(Locale.ROOT, "%.2f%% of a core (JIT %.2f%% of it)", percent, compiler),
        "",
        subject.heartbeat() == null
            ? ""
            : "client heartbeat every " + Clients.HEARTBEAT.toSeconds() + " s",
        m.generator(),
        m.noise());
  }

  /** Memory after sessions connect and leave, compared with after a first round: a leak grows. */
  void leak(Subject subject, int count) throws Exception {
    clients.closeAll(subject, clients.connect(subject, count, "w-", false, null));
    long before = subject.liveHeap();
    List<String> after = new ArrayList<>();
    double worst = 0;
    for (int i = 0; i < LEAK_CYCLES; i++) {
      clients.closeAll(subject, clients.connect(subject, count, "l" + i + "-", false, null));
      long heap = subject.liveHeap();
      double growth = 100.0 * (heap - before) / before;
      worst = Math.max(worst, growth);
      after.add(String.format(Locale.ROOT, "%+.1f%%", growth));
    }
    report.record(subject.label(), "leak_worst_percent", worst);
    report.row(
        subject.label(),
        "leak " + LEAK_CYCLES + "×" + count + " after one",
        "-",
        "-",
        "-",
        "-",
        "-",
        "heap after each: " + String.join(", ", after),
        "baseline " + before / 1024 / 1024 + " MB",
        "",
        "");
  }

  /**
   * {@link #CHURNERS} users at a time connect, ask for a stranger and leave when matched (PeerJS,
   * which has no matchmaker: leave when greeted), for warm-up plus measure.
   */
  void churn(Subject subject) throws Exception {
    AtomicLong done = new AtomicLong();
    long unanswered = Peer.UNANSWERED_CLOSES.get();
    AtomicInteger serial = new AtomicInteger();
    long end = System.nanoTime() + warmUp.plus(measure).toNanos();
    Set<Peer> open = ConcurrentHashMap.newKeySet();
    CountDownLatch workers = new CountDownLatch(CHURNERS);
    for (int w = 0; w < CHURNERS; w++) {
      churnOnce(subject, end, serial, done, open, workers);
    }
    LockSupport.parkNanos(warmUp.toNanos());
    done.set(0);
    Report.Measure m = new Report.Measure(subject);
    LockSupport.parkNanos(end - System.nanoTime());
    long count = done.get();
    double seconds = m.seconds();
    double cpu = m.serverCpuMicros();
    String generator = m.generator();
    String noise = m.noise();
    open.forEach(Peer::close);
    if (!workers.await(Clients.SETTLE.toSeconds(), TimeUnit.SECONDS)) {
      throw new IllegalStateException(workers.getCount() + " churn users did not finish");
    }
    report.record(subject.label(), "churn", count / seconds);
    report.row(
        subject.label(),
        subject.matches() ? "churn connect→match→close" : "churn connect→close",
        fmt(count / seconds) + " sessions/s",
        "-",
        "-",
        "-",
        String.format(Locale.ROOT, "%.0f/session", cpu / Math.max(1, count)),
        "",
        CHURNERS + " at a time; closes unanswered: " + (Peer.UNANSWERED_CLOSES.get() - unanswered),
        generator,
        noise);
  }

  private void churnOnce(
      Subject subject,
      long end,
      AtomicInteger serial,
      AtomicLong done,
      Set<Peer> open,
      CountDownLatch workers) {
    if (System.nanoTime() >= end) {
      workers.countDown();
      return;
    }
    int index = serial.incrementAndGet();
    String id = "c" + index;
    String greeting = subject.greeting();
    String request = "{\"type\":\"request_random_peer\"}";
    BiConsumer<Peer, String> handler =
        (peer, frame) -> {
          if (greeting != null && frame.contains(greeting)) {
            if (subject.matches()) {
              peer.send(request);
            } else {
              peer.close();
            }
          } else if (frame.contains("\"assign_role\"")) {
            peer.close();
          }
        };
    clients
        .connectOne(subject, index, id, handler)
        .thenCompose(
            peer -> {
              open.add(peer);
              if (System.nanoTime() >= end) {
                peer.close();
              } else if (greeting == null) {
                peer.send(request);
              }
              return peer.gone().thenRun(() -> open.remove(peer));
            })
        .whenComplete(
            (v, e) -> {
              if (e == null && System.nanoTime() < end) {
                done.incrementAndGet();
              }
              churnOnce(subject, end, serial, done, open, workers);
            });
  }
}
