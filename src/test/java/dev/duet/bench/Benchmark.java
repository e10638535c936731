package dev.duet.bench;

import dev.duet.testing.Awaits;
import dev.duet.testing.DuetServer;
import dev.duet.testing.Heap;
import dev.duet.testing.Redis;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiConsumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * {@code mvn -Pbench}: starts Duet, and then the {@link BareRelayEndpoint} as the runtime's floor,
 * on each runtime asked for, pinned to CPU 1, drives them from this process (pinned to CPU 0 by the
 * profile) and prints one table. Every loop is bounded by a count and by {@code bench.seconds}.
 *
 * <p>System properties: {@code bench.runtimes} ({@code wildfly}, {@code payara}: Payara Micro with
 * no post-boot file, {@code payara-fix}: with the post-boot file {@code
 * server-config/payara/run.sh} applies, or the file named by {@code bench.payara.postboot}), {@code
 * bench.seconds} per measurement, {@code bench.idle} (session counts), {@code bench.pairs}, {@code
 * bench.rates} (relay rates per second), {@code bench.clients} (matching), {@code bench.tests}
 * (which of {@code idle,relay,matching,churn}), {@code bench.jfr} (record a JFR profile of each
 * server in {@code target/bench/}). The runtime {@code wildfly-cluster} is two WildFly instances
 * sharing a Redis, every relay pair split across them (no idle figures, no bare relay).
 */
public final class Benchmark {
  private static final String CLUSTER = "wildfly-cluster";
  private static final String SERVER_CPU = "1";
  private static final String JAVA_OPTS =
      "-Xms1g -Xmx2g -XX:+UseG1GC -Djava.net.preferIPv4Stack=true";
  private static final int CONNECTING = 200;
  private static final int PAYLOAD_BYTES = 600;
  private static final Duration WARM_UP = Duration.ofSeconds(5);
  private static final Duration SETTLE = Duration.ofSeconds(30);
  private static final long PAUSED_THINK_MILLIS = 500;

  private final Duration measure = Duration.ofSeconds(Long.getLong("bench.seconds", 10));
  private final List<Integer> idle = ints(System.getProperty("bench.idle", "1000,10000,19000"));
  private final int pairs = Integer.getInteger("bench.pairs", 1000);
  private final List<Integer> rates = ints(System.getProperty("bench.rates", "2000,5000,10000"));
  private final int clients = Integer.getInteger("bench.clients", 1000);
  private final List<String> tests =
      List.of(System.getProperty("bench.tests", "idle,relay,matching,churn").split(","));
  private final boolean jfr = Boolean.getBoolean("bench.jfr");
  private final int leakCycles = 3;
  private final int churners = 64;
  private final HttpClient http = HttpClient.newHttpClient();
  private final List<String> rows = new ArrayList<>();
  private final Map<String, Double> figures = new HashMap<>();

  private DuetServer server;
  private List<DuetServer> servers = List.of();
  private Redis redis;
  private String label;
  private boolean duet;

  public static void main(String[] args) throws Exception {
    new Benchmark().run(List.of(System.getProperty("bench.runtimes", "wildfly").split(",")));
  }

  private void run(List<String> runtimes) throws Exception {
    Path bare = bareWar();
    for (String runtime : runtimes) {
      boolean cluster = runtime.equals(CLUSTER);
      for (String target : cluster ? List.of("duet") : List.of("duet", "bare")) {
        label = runtime + " | " + target;
        duet = target.equals("duet");
        try {
          if (cluster) {
            startCluster();
          } else {
            server = start(runtime, target, duet ? Path.of("target/duet.war") : bare);
            servers = List.of(server);
          }
        } catch (RuntimeException e) {
          row("start", "-", "-", "-", "-", "-", "-", firstLine(e.getMessage()), "-");
          continue;
        }
        try {
          if (jfr) {
            Heap.jcmd(
                server.jvm().pid(),
                "JFR.start",
                "settings=profile",
                "filename="
                    + Path.of("target/bench", runtime + "-" + target + ".jfr").toAbsolutePath());
          }
          if (!cluster && tests.contains("idle")) {
            idleSessions();
          }
          if (tests.contains("relay")) {
            relay();
          }
          if (duet && tests.contains("matching")) {
            matching(0);
            matching(PAUSED_THINK_MILLIS);
          }
          if (tests.contains("churn")) {
            churn();
          }
          if (jfr) {
            Heap.jcmd(server.jvm().pid(), "JFR.stop");
          }
        } finally {
          servers.forEach(DuetServer::close);
          if (redis != null) {
            redis.close();
            redis = null;
          }
        }
      }
      ratios(runtime);
    }
    report(runtimes);
  }

  /**
   * The settings of every server measured: the limits and the bot gate lifted (PeerJS has none; a
   * client's one solution per session would be measured as the page's work), no rematch cooldown,
   * and a 5 s resume grace, so that sessions whose connections broke while the benchmark closed
   * them (a send still under way) are gone before the next figure.
   */
  private static Map<String, String> settings() {
    Map<String, String> env = new HashMap<>(DuetServer.UNLIMITED);
    env.put("JAVA_OPTS", JAVA_OPTS);
    env.put("REMATCH_COOLDOWN", "0");
    env.put("RESUME_GRACE", "5s");
    return env;
  }

  private DuetServer start(String runtime, String target, Path war) {
    Map<String, String> env = settings();
    String postboot = System.getProperty("bench.payara.postboot");
    if (runtime.equals("payara")) {
      env.put("PAYARA_POSTBOOT", "");
    } else if (runtime.equals("payara-fix") && postboot != null && !postboot.isBlank()) {
      env.put("PAYARA_POSTBOOT", postboot);
    }
    return DuetServer.launch(
        "bench-" + runtime + "-" + target,
        runtime.startsWith("payara") ? "payara" : "wildfly",
        war.toString(),
        duet ? "/stats" : "/index.html",
        SERVER_CPU,
        env);
  }

  /**
   * Two WildFly instances and the Redis they share, all pinned to the server CPU, so that their CPU
   * per message compares with one instance's: the peers of every relay pair are on different
   * instances.
   */
  private void startCluster() {
    redis = Redis.start("bench-cluster");
    Machine.pin(redis.pid(), SERVER_CPU);
    List<DuetServer> started = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      Map<String, String> env = settings();
      env.put("REDIS_URL", redis.url());
      env.put("INSTANCE_ID", "bench-" + i);
      env.put("JWT_SECRET", DuetServer.SHARED_JWT_SECRET);
      started.add(
          DuetServer.launch(
              "bench-cluster-" + i,
              "wildfly",
              "target/duet.war",
              "/stats",
              Integer.toString(i),
              env));
    }
    servers = started;
    server = started.get(0);
  }

  /** The URI of {@code /ws?query} for the {@code index}-th client: clients alternate instances. */
  private URI uri(int index, String query) {
    return servers.get(Math.floorMod(index, servers.size())).ws(query);
  }

  // ---- idle sessions

  private void idleSessions() throws Exception {
    long pid = server.jvm().pid();
    long baseRss = Machine.rssBytes(pid);
    for (int count : idle) {
      long baseHeap = Heap.liveBytes(pid);
      Measure m = new Measure();
      List<Peer> peers = connect(count, "i", null);
      double rate = count / m.seconds();
      String noise = m.noise();
      long heap = Heap.liveBytes(pid) - baseHeap;
      long rss = Machine.rssBytes(pid) - baseRss;
      record("idle_connect_rate_" + count, rate);
      record("idle_heap_per_session_" + count, heap / (double) count);
      row(
          "idle " + count,
          fmt(rate) + " conn/s",
          "-",
          "-",
          "-",
          "-",
          String.format(
              Locale.ROOT,
              "heap %.1f KB, RSS %.1f KB",
              heap / 1024.0 / count,
              rss / 1024.0 / count),
          "",
          noise);
      closeAll(peers);
    }
    int cycle = Math.min(10_000, idle.stream().max(Integer::compare).orElse(10_000));
    closeAll(connect(cycle, "w-", null));
    long before = Heap.liveBytes(pid);
    List<String> after = new ArrayList<>();
    double worst = 0;
    for (int i = 0; i < leakCycles; i++) {
      closeAll(connect(cycle, "l" + i + "-", null));
      long heap = Heap.liveBytes(pid);
      double growth = 100.0 * (heap - before) / before;
      worst = Math.max(worst, growth);
      after.add(String.format(Locale.ROOT, "%+.1f%%", growth));
    }
    record("leak_worst_percent", worst);
    row(
        "leak " + leakCycles + "×" + cycle + " after one",
        "-",
        "-",
        "-",
        "-",
        "-",
        "heap after each: " + String.join(", ", after),
        "baseline " + before / 1024 / 1024 + " MB",
        "");
  }

  /**
   * Connects {@code count} peers, at most {@link #CONNECTING} handshakes at a time; on Duet it
   * returns once every peer has its {@code session} frame (and, with rooms, its partner).
   */
  private List<Peer> connect(int count, String prefix, BiConsumer<Peer, String> handler)
      throws Exception {
    Semaphore slots = new Semaphore(CONNECTING);
    CountDownLatch ready = new CountDownLatch(duet ? count : 0);
    String expected = handler == null ? "\"session\"" : "\"assign_role\"";
    Peer[] peers = new Peer[count];
    AtomicInteger failures = new AtomicInteger();
    for (int i = 0; i < count; i++) {
      String id = prefix + i;
      String query = "userId=" + id + (handler == null ? "" : "&room=r" + (i / 2));
      BiConsumer<Peer, String> first = firstFrame(expected, ready, handler);
      slots.acquire();
      int index = i;
      Peer.connect(http, uri(i, query), id, first)
          .whenComplete(
              (peer, e) -> {
                slots.release();
                if (e != null) {
                  failures.incrementAndGet();
                  ready.countDown();
                } else {
                  peers[index] = peer;
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

  private static BiConsumer<Peer, String> firstFrame(
      String expected, CountDownLatch ready, BiConsumer<Peer, String> then) {
    return new BiConsumer<>() {
      private boolean done;

      @Override
      public void accept(Peer peer, String frame) {
        if (!done && frame.contains(expected)) {
          done = true;
          ready.countDown();
        }
        if (then != null) {
          then.accept(peer, frame);
        }
      }
    };
  }

  /** Closes the peers and, on Duet, waits until the server has cleaned up after all of them. */
  private void closeAll(List<Peer> peers) throws Exception {
    peers.forEach(Peer::close);
    CompletableFuture.allOf(peers.stream().map(Peer::gone).toArray(CompletableFuture[]::new))
        .get(SETTLE.toSeconds(), TimeUnit.SECONDS);
    if (duet) {
      Awaits.until(
          SETTLE,
          () -> servers.stream().mapToLong(s -> s.stat("active_users")).sum() == 0,
          () -> "sessions left: " + servers.stream().map(DuetServer::stats).toList());
    }
  }

  // ---- relay

  private void relay() throws Exception {
    Latencies latencies = new Latencies(4_000_000);
    AtomicLong received = new AtomicLong();
    boolean[] echo = {false};
    List<Peer> peers =
        connect(
            2 * pairs,
            "p",
            (peer, frame) -> {
              if (!frame.contains("\"webrtc_candidate\"")) {
                return;
              }
              latencies.add(System.nanoTime() - stamp(frame));
              received.incrementAndGet();
              if (echo[0]) {
                peer.send(candidate(partner(peer.id)));
              }
            });
    for (int rate : rates) {
      sendAtRate(peers, rate, WARM_UP);
      latencies.reset();
      received.set(0);
      Measure m = new Measure();
      sendAtRate(peers, rate, measure);
      long count = received.get();
      double seconds = m.seconds();
      relayRow("relay " + rate + "/s", count, seconds, latencies, m);
      record("relay_us_" + rate, m.serverCpuMicros() / Math.max(1, count));
      drain(received);
    }
    echo[0] = true;
    for (int i = 0; i < pairs; i++) {
      peers.get(2 * i).send(candidate(partner(peers.get(2 * i).id)));
    }
    LockSupport.parkNanos(WARM_UP.toNanos());
    latencies.reset();
    received.set(0);
    Measure m = new Measure();
    LockSupport.parkNanos(measure.toNanos());
    long count = received.get();
    double seconds = m.seconds();
    echo[0] = false;
    relayRow("relay closed loop", count, seconds, latencies, m);
    record("relay_max", count / seconds);
    record("relay_us_max", m.serverCpuMicros() / Math.max(1, count));
    drain(received);
    closeAll(peers);
  }

  private void relayRow(String name, long count, double seconds, Latencies l, Measure m) {
    row(
        name,
        fmt(count / seconds) + " msg/s",
        ms(l.percentile(50)),
        ms(l.percentile(99)),
        ms(l.percentile(99.9)),
        String.format(Locale.ROOT, "%.1f", m.serverCpuMicros() / Math.max(1, count)),
        "",
        "",
        m.noise());
  }

  private void sendAtRate(List<Peer> peers, int rate, Duration duration) {
    long start = System.nanoTime();
    long end = start + duration.toNanos();
    long sent = 0;
    int next = 0;
    long now;
    while ((now = System.nanoTime()) < end) {
      long due = rate * (now - start) / 1_000_000_000L;
      while (sent < due) {
        Peer peer = peers.get(next++ % peers.size());
        peer.send(candidate(partner(peer.id)));
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
    int i = Integer.parseInt(id.substring(1));
    return "p" + (i ^ 1);
  }

  private static final String CANDIDATE_HEAD =
      "{\"type\":\"webrtc_candidate\",\"toUser\":\"%s\",\"payload\":{\"candidate\":\"candidate:"
          + "842163049 1 udp 1677729535 203.0.113.7 46154 typ srflx raddr 10.0.0.7 rport 46154"
          + " generation 0 ufrag EsAw network-id 1 network-cost 10 ";

  /**
   * A {@code webrtc_candidate} of about {@link #PAYLOAD_BYTES} bytes that carries its send time.
   */
  private static String candidate(String to) {
    String head = String.format(CANDIDATE_HEAD, to);
    String tail = "\",\"sdpMid\":\"0\",\"sdpMLineIndex\":0,\"t\":" + System.nanoTime() + "}}";
    int pad = Math.max(0, PAYLOAD_BYTES - head.length() - tail.length());
    return head + "x".repeat(pad) + tail;
  }

  private static long stamp(String frame) {
    int i = frame.lastIndexOf("\"t\":") + 4;
    int j = i;
    while (j < frame.length() && Character.isDigit(frame.charAt(j))) {
      j++;
    }
    return Long.parseLong(frame.substring(i, j));
  }

  // ---- matching

  /**
   * Every client asks for a stranger again {@code thinkMillis} after each match; with no think time
   * this is the matchmaker's throughput, with some it is the time to a match when partners are
   * waiting, below saturation.
   */
  private void matching(long thinkMillis) throws Exception {
    Latencies toMatch = new Latencies(4_000_000);
    AtomicLong roles = new AtomicLong();
    long[] asked = new long[clients];
    String request = "{\"type\":\"request_random_peer\"}";
    BiConsumer<Peer, String> loop =
        (peer, frame) -> {
          if (frame.contains("\"assign_role\"")) {
            int i = Integer.parseInt(peer.id.substring(1));
            long now = System.nanoTime();
            toMatch.add(now - asked[i]);
            roles.incrementAndGet();
            Runnable again =
                () -> {
                  asked[i] = System.nanoTime();
                  peer.send(request);
                };
            if (thinkMillis == 0) {
              again.run();
            } else {
              Peer.TIMER.schedule(again, thinkMillis, TimeUnit.MILLISECONDS);
            }
          }
        };
    List<Peer> peers = connect(clients, "m", null);
    for (int i = 0; i < clients; i++) {
      peers.get(i).handle(loop);
      asked[i] = System.nanoTime();
      peers.get(i).send(request);
    }
    LockSupport.parkNanos(WARM_UP.toNanos());
    toMatch.reset();
    roles.set(0);
    Measure m = new Measure();
    LockSupport.parkNanos(measure.toNanos());
    long made = roles.get() / 2;
    double seconds = m.seconds();
    peers.forEach(p -> p.handle((peer, frame) -> {}));
    record("matches_per_second_" + thinkMillis, made / seconds);
    row(
        "matching " + clients + (thinkMillis == 0 ? " re-queue" : " pause " + thinkMillis + " ms"),
        fmt(made / seconds) + " match/s",
        ms(toMatch.percentile(50)),
        ms(toMatch.percentile(99)),
        ms(toMatch.percentile(99.9)),
        String.format(Locale.ROOT, "%.1f", m.serverCpuMicros() / Math.max(1, made)) + "/match",
        "",
        "latency: request → assign_role",
        m.noise());
    closeAll(peers);
  }

  // ---- churn

  private void churn() throws Exception {
    AtomicLong done = new AtomicLong();
    long unanswered = Peer.UNANSWERED_CLOSES.get();
    AtomicInteger serial = new AtomicInteger();
    long end = System.nanoTime() + WARM_UP.plus(measure).toNanos();
    Set<Peer> open = ConcurrentHashMap.newKeySet();
    CountDownLatch workers = new CountDownLatch(churners);
    for (int w = 0; w < churners; w++) {
      churnOnce(end, serial, done, open, workers);
    }
    LockSupport.parkNanos(WARM_UP.toNanos());
    done.set(0);
    Measure m = new Measure();
    LockSupport.parkNanos(end - System.nanoTime());
    long count = done.get();
    double seconds = m.seconds();
    double cpu = m.serverCpuMicros();
    String noise = m.noise();
    open.forEach(Peer::close);
    if (!workers.await(SETTLE.toSeconds(), TimeUnit.SECONDS)) {
      throw new IllegalStateException(workers.getCount() + " churn users did not finish");
    }
    record("churn", count / seconds);
    row(
        duet ? "churn connect→match→close" : "churn connect→close",
        fmt(count / seconds) + " sessions/s",
        "-",
        "-",
        "-",
        String.format(Locale.ROOT, "%.0f", cpu / Math.max(1, count)) + "/session",
        "",
        churners + " at a time; closes unanswered: " + (Peer.UNANSWERED_CLOSES.get() - unanswered),
        noise);
  }

  /**
   * One user: connect, (on Duet) ask for a stranger and wait for one, close; then again until
   * {@code end}. A user still waiting at the end is closed by {@link #churn}.
   */
  private void churnOnce(
      long end, AtomicInteger serial, AtomicLong done, Set<Peer> open, CountDownLatch workers) {
    if (System.nanoTime() >= end) {
      workers.countDown();
      return;
    }
    int index = serial.incrementAndGet();
    String id = "c" + index;
    BiConsumer<Peer, String> handler =
        (peer, frame) -> {
          if (frame.contains("\"session\"")) {
            peer.send("{\"type\":\"request_random_peer\"}");
          } else if (frame.contains("\"assign_role\"")) {
            peer.close();
          }
        };
    Peer.connect(http, uri(index, "userId=" + id), id, handler)
        .thenCompose(
            peer -> {
              open.add(peer);
              if (!duet || System.nanoTime() >= end) {
                peer.close();
              }
              return peer.gone().thenRun(() -> open.remove(peer));
            })
        .whenComplete(
            (v, e) -> {
              if (e == null && System.nanoTime() < end) {
                done.incrementAndGet();
              }
              churnOnce(end, serial, done, open, workers);
            });
  }

  // ---- report

  private void ratios(String runtime) {
    List<String> notes = new ArrayList<>();
    ratio(notes, runtime, "relay_us_10000", "relay CPU at 10k/s: %.2f× bare", 1);
    ratio(notes, runtime, "relay_max", "closed-loop max: %.2f× bare", 1);
    ratio(notes, runtime, "idle_heap_per_session_10000", "idle heap: %.2f× bare", 1);
    ratio(notes, runtime, "churn", "churn: %.0f%% of bare", 100);
    label = runtime + " | duet ÷ bare";
    row("ratios", "-", "-", "-", "-", "-", "-", String.join("; ", notes), "");
  }

  /** Adds Duet's figure divided by the bare relay's, times {@code scale}, if both were measured. */
  private void ratio(
      List<String> notes, String runtime, String figure, String format, double scale) {
    Double duetValue = figures.get(runtime + "|duet|" + figure);
    Double bareValue = figures.get(runtime + "|bare|" + figure);
    if (duetValue != null && bareValue != null) {
      notes.add(String.format(Locale.ROOT, format, scale * duetValue / bareValue));
    }
  }

  private void report(List<String> runtimes) throws IOException {
    StringBuilder out = new StringBuilder();
    out.append("Duet benchmark, ")
        .append(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS))
        .append('\n')
        .append("machine: ")
        .append(Machine.describe())
        .append("; server pinned to CPU ")
        .append(SERVER_CPU)
        .append(", this generator to the other (taskset)\n")
        .append("server JVM: ")
        .append(JAVA_OPTS)
        .append("; Java ")
        .append(Runtime.version())
        .append("; runtimes: ")
        .append(String.join(", ", runtimes))
        .append('\n')
        .append("load: ")
        .append(measure.toSeconds())
        .append(" s per figure after ")
        .append(WARM_UP.toSeconds())
        .append(" s warm-up; ")
        .append(pairs)
        .append(" pairs, ")
        .append(PAYLOAD_BYTES)
        .append("-byte webrtc_candidate; noise = CPU used by neither process, % of one core\n\n")
        .append(
            "| runtime | server | test | achieved | p50 ms | p99 ms | p99.9 ms | server CPU µs/msg"
                + " | memory | notes | noise |\n")
        .append("|---|---|---|---|---|---|---|---|---|---|---|\n");
    rows.forEach(r -> out.append(r).append('\n'));
    System.out.println();
    System.out.print(out);
    Path file = Path.of("target/bench/results.md");
    Files.createDirectories(file.getParent());
    Files.writeString(file, out);
    System.out.println("\n(written to " + file + ")");
  }

  private void row(String test, String... cells) {
    String line = "| " + label + " | " + test + " | " + String.join(" | ", cells) + " |";
    rows.add(line);
    System.out.println(line);
  }

  private void record(String name, double value) {
    figures.put(label.replace(" | ", "|") + "|" + name, value);
  }

  private static String fmt(double value) {
    return String.format(Locale.ROOT, "%,.0f", value);
  }

  private static String ms(long nanos) {
    return nanos < 0 ? "-" : String.format(Locale.ROOT, "%.2f", nanos / 1e6);
  }

  private static String firstLine(String text) {
    return text == null ? "" : text.lines().findFirst().orElse("");
  }

  private static List<Integer> ints(String list) {
    return Arrays.stream(list.split(",")).map(String::trim).map(Integer::valueOf).toList();
  }

  /** CPU and time of the servers (with Redis, in a cluster) and this process from one moment on. */
  private final class Measure {
    private final List<Long> pids = serverPids();
    private final long serverCpu = cpuNanos(pids);
    private final long ownCpu = Machine.cpuNanos(ProcessHandle.current().pid());
    private final Machine.Cpu machine = Machine.Cpu.now();
    private final long start = System.nanoTime();

    double seconds() {
      return (System.nanoTime() - start) / 1e9;
    }

    double serverCpuMicros() {
      return (cpuNanos(pids) - serverCpu) / 1e3;
    }

    String noise() {
      long own =
          cpuNanos(pids) - serverCpu + Machine.cpuNanos(ProcessHandle.current().pid()) - ownCpu;
      return Machine.noise(machine, Machine.Cpu.now(), own);
    }
  }

  private List<Long> serverPids() {
    List<Long> pids = new ArrayList<>();
    servers.forEach(s -> pids.add(s.jvm().pid()));
    if (redis != null) {
      pids.add(redis.pid());
    }
    return pids;
  }

  private static long cpuNanos(List<Long> pids) {
    return pids.stream().mapToLong(Machine::cpuNanos).sum();
  }

  /** One-way latencies of a measurement, bounded in count. */
  private static final class Latencies {
    private final long[] values;
    private final AtomicInteger size = new AtomicInteger();

    Latencies(int capacity) {
      values = new long[capacity];
    }

    void add(long nanos) {
      int i = size.getAndIncrement();
      if (i < values.length) {
        values[i] = nanos;
      }
    }

    void reset() {
      size.set(0);
    }

    long percentile(double p) {
      int n = Math.min(size.get(), values.length);
      if (n == 0) {
        return -1;
      }
      long[] sorted = Arrays.copyOf(values, n);
      Arrays.sort(sorted);
      return sorted[Math.min(n - 1, (int) Math.ceil(p / 100 * n) - 1)];
    }
  }

  /** The bare relay as a WAR of its own, served at {@code /} on both runtimes. */
  private static Path bareWar() throws Exception {
    Path classes =
        Path.of(
            BareRelayEndpoint.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    String name = BareRelayEndpoint.class.getName().replace('.', '/') + ".class";
    Path war = Path.of("target/bench/bare-relay.war");
    Files.createDirectories(war.getParent());
    try (OutputStream file = Files.newOutputStream(war);
        ZipOutputStream zip = new ZipOutputStream(file)) {
      zip.putNextEntry(new ZipEntry("WEB-INF/classes/" + name));
      zip.write(Files.readAllBytes(classes.resolve(name)));
      zip.putNextEntry(new ZipEntry("WEB-INF/jboss-web.xml"));
      zip.write("<jboss-web><context-root>/</context-root></jboss-web>\n".getBytes());
      zip.putNextEntry(new ZipEntry("index.html"));
      zip.write("bare relay\n".getBytes());
    }
    return war;
  }
}
