package dev.duet.bench;

import dev.duet.testing.Commands;
import dev.duet.testing.DuetServer;
import dev.duet.testing.Redis;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * {@code mvn -Pbench}: measures Duet, the {@link BareRelayEndpoint} on the same runtime (the
 * runtime's floor) and PeerJS server (what a team would run instead), each pinned to the server
 * CPUs, driven from this process (pinned to the generator CPUs by the profile), and prints one
 * table with the ratios of the run. Every loop is bounded by a count and by {@code bench.seconds}.
 *
 * <p>System properties: {@code bench.runtimes} ({@code wildfly}, {@code payara}: Payara Micro with
 * no post-boot file, {@code payara-fix}: with the post-boot file {@code
 * server-config/payara/run.sh} applies, or the file named by {@code bench.payara.postboot}, {@code
 * wildfly-cluster}: two WildFly instances sharing a Redis, every relay pair split across them),
 * {@code bench.targets} (which of {@code peerjs,duet,bare}), {@code bench.seconds} per measurement,
 * {@code bench.idle} (session counts), {@code bench.idle.seconds} (how long 10k sessions are held
 * idle), {@code bench.pairs}, {@code bench.rates} (relay rates per second), {@code bench.clients}
 * (matching), {@code bench.tests} (which of {@code idle,relay,matching,churn}), {@code
 * bench.server.cpus} and {@code bench.generator.cpus} ({@code taskset} lists), {@code
 * bench.java.opts} (the JVM options of every Java server), {@code bench.jfr} (a JFR profile of each
 * JVM server in {@code target/bench/}).
 */
public final class Benchmark {
  static final String GENERATOR_CPUS = System.getProperty("bench.generator.cpus", "0");
  private static final String CLUSTER = "wildfly-cluster";
  private static final String SERVER_CPUS = System.getProperty("bench.server.cpus", "1");
  private static final String JAVA_OPTS =
      System.getProperty(
          "bench.java.opts", "-Xms1g -Xmx2g -XX:+UseG1GC -Djava.net.preferIPv4Stack=true");
  private static final Duration WARM_UP = Duration.ofSeconds(5);
  private static final long PAUSED_THINK_MILLIS = 500;
  private static final String PEERJS = "node | peerjs";

  private final Duration measure = Duration.ofSeconds(Long.getLong("bench.seconds", 10));
  private final Duration idleMeasure = Duration.ofSeconds(Long.getLong("bench.idle.seconds", 30));
  private final List<Integer> idle = ints(System.getProperty("bench.idle", "1000,10000"));
  private final List<String> tests =
      List.of(System.getProperty("bench.tests", "idle,relay,matching,churn").split(","));
  private final List<String> targets =
      List.of(System.getProperty("bench.targets", "peerjs,duet,bare").split(","));
  private final boolean jfr = Boolean.getBoolean("bench.jfr");
  private final Report report = new Report();
  private final Clients clients = new Clients();
  private final Sessions sessions = new Sessions(clients, report, WARM_UP, measure, idleMeasure);
  private final Relay relay =
      new Relay(
          clients,
          report,
          WARM_UP,
          measure,
          Integer.getInteger("bench.pairs", 1000),
          ints(System.getProperty("bench.rates", "2000,5000,10000")));
  private final Matching matching =
      new Matching(clients, report, WARM_UP, measure, Integer.getInteger("bench.clients", 1000));

  public static void main(String[] args) throws Exception {
    new Benchmark().run(List.of(System.getProperty("bench.runtimes", "wildfly").split(",")));
  }

  private void run(List<String> runtimes) throws Exception {
    if (targets.contains("peerjs")) {
      measure(PEERJS, () -> Subject.peerjs(PeerJsServer.start(SERVER_CPUS)));
    }
    Path bare = bareWar();
    for (String runtime : runtimes) {
      if (runtime.equals(CLUSTER)) {
        measure(runtime + " | duet", this::startCluster);
      } else {
        Path duetWar = Path.of("target/duet.war");
        if (targets.contains("duet")) {
          measure(runtime + " | duet", () -> start(runtime, Subject.Kind.DUET, duetWar));
        }
        if (targets.contains("bare")) {
          measure(runtime + " | bare", () -> start(runtime, Subject.Kind.BARE, bare));
        }
      }
      ratios(runtime);
    }
    report.write(preamble(runtimes));
  }

  private interface Starter {
    Subject start() throws Exception;
  }

  private void measure(String label, Starter starter) throws Exception {
    Subject subject;
    try {
      subject = starter.start();
    } catch (RuntimeException e) {
      report.row(label, "start", "-", "-", "-", "-", "-", "-", firstLine(e.getMessage()), "", "");
      return;
    }
    try (subject) {
      boolean cluster = subject.runtime.equals(CLUSTER);
      if (jfr) {
        subject.jfr(
            Path.of("target/bench", label.replace(" | ", "-") + ".jfr")
                .toAbsolutePath()
                .toString());
      }
      if (!cluster && tests.contains("idle")) {
        sessions.idle(subject, idle);
        if (subject.kind != Subject.Kind.PEERJS) {
          sessions.leak(subject, Math.min(10_000, idle.stream().max(Integer::compare).orElse(0)));
        }
      }
      if (tests.contains("relay")) {
        relay.run(subject, !cluster);
      }
      if (subject.matches() && tests.contains("matching")) {
        matching.run(subject, 0);
        matching.run(subject, PAUSED_THINK_MILLIS);
      }
      if (tests.contains("churn")) {
        sessions.churn(subject);
      }
      if (jfr) {
        subject.jfr(null);
      }
    }
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

  private static Subject start(String runtime, Subject.Kind kind, Path war) {
    Map<String, String> env = settings();
    String postboot = System.getProperty("bench.payara.postboot");
    if (runtime.equals("payara")) {
      env.put("PAYARA_POSTBOOT", "");
    } else if (runtime.equals("payara-fix") && postboot != null && !postboot.isBlank()) {
      env.put("PAYARA_POSTBOOT", postboot);
    }
    String name = kind.name().toLowerCase(Locale.ROOT);
    DuetServer server =
        DuetServer.launch(
            "bench-" + runtime + "-" + name,
            runtime.startsWith("payara") ? "payara" : "wildfly",
            war.toString(),
            kind == Subject.Kind.DUET ? "/stats" : "/index.html",
            SERVER_CPUS,
            env);
    return Subject.of(runtime, kind, List.of(server), null);
  }

  /**
   * Two WildFly instances and the Redis they share: instance {@code i} on CPU {@code i} (the first
   * beside this generator), Redis on the server CPUs; the peers of every relay pair are on
   * different instances. The CPU per message counts both JVMs and Redis. On one shared core the
   * three processes would wait for each other's time slices at every Redis round trip.
   */
  private Subject startCluster() {
    Redis redis = Redis.start("bench-cluster");
    Machine.pin(redis.pid(), SERVER_CPUS);
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
    return Subject.of(CLUSTER, Subject.Kind.DUET, started, redis);
  }

  /** Figures compared with the bare endpoint and with PeerJS alike, each with its label. */
  private static final String[] COMPARED = {
    "relay_max", "closed loop %.2f×",
    "relay_p99_5000", "p99 at 5k/s %.1f×",
    "connect_rate_node_10000", "connects (node ws) %.2f×",
    "open_close_us_10000", "CPU per open+close %.2f×",
    "idle_cpu_10000", "idle CPU %.1f×",
    "churn", "churn %.2f×"
  };

  private void ratios(String runtime) {
    String duet = runtime + " | duet";
    String bare = runtime + " | bare";
    List<String> b = new ArrayList<>();
    for (String rate : System.getProperty("bench.rates", "2000,5000,10000").split(",")) {
      b.addAll(report.ratios(duet, bare, "relay_us_" + rate, "CPU/msg at " + rate + "/s %.2f×"));
    }
    b.addAll(report.ratios(duet, bare, COMPARED));
    b.addAll(
        report.ratios(
            duet,
            bare,
            "heap_per_session_10000",
            "idle heap %.2f×",
            "matches_per_second_0",
            "matching %.2f×"));
    Double own = report.figure(bare, "relay_max");
    Double node = report.figure(bare, "relay_max_node");
    if (own != null && node != null) {
      b.add(String.format(Locale.ROOT, "bare closed loop, node ws ÷ this %.2f×", node / own));
    }
    report.ratioRow(runtime + " | duet ÷ bare", b);
    if (runtime.equals(CLUSTER)) {
      report.ratioRow(
          CLUSTER + " ÷ wildfly",
          report.ratios(
              duet,
              "wildfly | duet",
              "relay_us_5000",
              "CPU/msg at 5k/s %.2f×",
              "relay_us_max",
              "CPU/msg in the closed loop %.2f×",
              "relay_max",
              "closed loop %.2f×",
              "matches_per_second_0",
              "matching %.2f×"));
    }
    List<String> p =
        new ArrayList<>(
            report.ratios(
                duet,
                PEERJS,
                "relay_us_10000",
                "CPU/msg at 10k/s %.2f×",
                "rss_per_session_10000",
                "RSS/session %.2f×"));
    p.addAll(report.ratios(duet, PEERJS, COMPARED));
    report.ratioRow(runtime + " | duet ÷ peerjs", p);
  }

  private String preamble(List<String> runtimes) {
    return "Duet benchmark, "
        + Instant.now().truncatedTo(ChronoUnit.SECONDS)
        + "\nmachine: "
        + Machine.describe()
        + "; server on CPU "
        + SERVER_CPUS
        + ", this generator on CPU "
        + GENERATOR_CPUS
        + " (taskset)\nserver JVM: "
        + JAVA_OPTS
        + "; Java "
        + Runtime.version()
        + "; runtimes: "
        + String.join(", ", runtimes)
        + "; PeerJS server 1.0.2 on node "
        + Commands.run(List.of("node", "--version")).trim()
        + "\nload: "
        + measure.toSeconds()
        + " s per figure after "
        + WARM_UP.toSeconds()
        + " s warm-up; "
        + Relay.PAYLOAD_BYTES
        + "-byte candidates; generator CPU = this JVM's, % of one core; noise = CPU used by"
        + " neither process, % of one core\n";
  }

  private static String firstLine(String text) {
    return text == null ? "" : text.lines().findFirst().orElse("");
  }

  private static List<Integer> ints(String list) {
    return Arrays.stream(list.split(",")).map(String::trim).map(Integer::valueOf).toList();
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
