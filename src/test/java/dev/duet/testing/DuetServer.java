package dev.duet.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Duet deployed on a real server process, started with the same {@code
 * server-config/RUNTIME/run.sh} scripts as {@code mvn -Prun}, on free loopback ports, with its own
 * database and log under {@code target/it/NAME}. The runtime is {@code wildfly} or {@code payara},
 * from the system property {@code duet.it.runtime} that each failsafe execution sets.
 */
public final class DuetServer implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofMinutes(3);

  /**
   * HTTP/1.1, as an operator's {@code curl}: the JDK client would upgrade to HTTP/2 (h2c), whose
   * idle connections WildFly ends with GOAWAY; a request sent on one at that moment fails (seen
   * once, polling {@code /stats} a minute apart).
   */
  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .followRedirects(HttpClient.Redirect.NORMAL)
          .build();

  private static DuetServer shared;
  private static final Map<String, DuetServer> withDefaultLimits = new HashMap<>();

  private final String runtime;
  private final String war;
  private final String readyPath;
  private final String cpus;
  private final Path dir;
  private final Path database;
  private final Map<String, String> environment;
  private final int httpPort;
  private final int healthPort;
  private final int portOffset;
  private Process process;

  private DuetServer(
      String name,
      String runtime,
      String war,
      String readyPath,
      String cpus,
      Map<String, String> environment) {
    this.runtime = runtime;
    this.war = war;
    this.readyPath = readyPath;
    this.cpus = cpus;
    this.dir = Path.of(System.getProperty("duet.it.workdir", "target/it"), runtime + "-" + name);
    this.database = dir.resolve("duet.db");
    this.environment = new HashMap<>(environment);
    if (isWildFly()) {
      portOffset = Ports.freeWildFlyOffset();
      httpPort = 8080 + portOffset;
      healthPort = 9990 + portOffset;
    } else {
      portOffset = 0;
      httpPort = Ports.freePort();
      healthPort = httpPort;
    }
  }

  /** The shared server's {@code JWT_SECRET}, so that tests can sign tokens of their own. */
  public static final String SHARED_JWT_SECRET = "the-shared-test-server-jwt-secret-32+";

  /** The shared server's settings. */
  public static final Map<String, String> SHARED =
      Map.of(
          "ROOM_TTL", "2s",
          "CLEANUP_INTERVAL", "250ms",
          "INTEREST_FALLBACK", "1s",
          "RESUME_GRACE", "3s",
          "JWT_SECRET", SHARED_JWT_SECRET);

  /**
   * The server most tests share, started once per test JVM and stopped when it exits. Its rooms
   * expire after 2 s ({@code ROOM_TTL}, checked every 250 ms), interests fall back after 1 s and
   * sessions wait 3 s for a dropped client ({@code RESUME_GRACE}), so all are testable.
   */
  public static synchronized DuetServer shared() {
    if (shared == null) {
      shared = start("shared", SHARED);
      Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
    }
    return shared;
  }

  /**
   * A server with every setting at its production default, the rate limits and {@code
   * MAX_CONNECTIONS_PER_IP} included (nothing of {@link #UNLIMITED}), started once per test JVM and
   * runtime and stopped when the JVM exits: what a deployment gets out of the box.
   */
  public static synchronized DuetServer sharedWithDefaultLimits() {
    return withDefaultLimits.computeIfAbsent(
        runtimeProperty(),
        runtime -> {
          DuetServer server = startWithDefaultLimits("default-limits", Map.of());
          Runtime.getRuntime().addShutdownHook(new Thread(server::close));
          return server;
        });
  }

  /**
   * Starts a server of its own with these settings over the production defaults, limits included
   * (nothing of {@link #UNLIMITED}), with {@link #QUICK_START_JAVA_OPTS}; the caller closes it.
   */
  public static DuetServer startWithDefaultLimits(String name, Map<String, String> settings) {
    Map<String, String> environment = new HashMap<>(settings);
    environment.put("JAVA_OPTS", QUICK_START_JAVA_OPTS);
    return launch(name, runtimeProperty(), warProperty(), "/stats", null, environment);
  }

  private static String runtimeProperty() {
    return System.getProperty("duet.it.runtime", "wildfly").toLowerCase(Locale.ROOT);
  }

  private static String warProperty() {
    return System.getProperty("duet.war", "target/duet.war");
  }

  /**
   * The limits the suite lifts unless a test sets them: every client connects from 127.0.0.1, and
   * load and ordering tests send thousands of frames. {@code HardeningIT} and {@code AbuseIT} test
   * the limits. The bot gate is off too ({@code BOT_GATE=off}): {@code GateIT} tests it, and the
   * servers with the default limits keep it, their clients solving it ({@link TestClient}).
   */
  public static final Map<String, String> UNLIMITED =
      Map.of(
          "BOT_GATE", "off",
          "MAX_CONNECTIONS_PER_IP", "0",
          "CONNECT_RATE_PER_MINUTE", "0",
          "RATE_LIMIT_PER_MINUTE", "0",
          "MATCH_RATE_PER_MINUTE", "0",
          "CHAT_RATE_PER_MINUTE", "0",
          "ROOM_RATE_PER_MINUTE", "0");

  /**
   * The JVM options of every test server: {@code run.sh}'s own (heap, G1, IPv4) and the client
   * compiler only. On the 2-core machine it halves a start-up's CPU (WildFly 24 to 10 CPU seconds,
   * Payara Micro 32 to 15), and a server that lives minutes under load spends less CPU on compiling
   * than it would gain from C2 (a three-instance WildFly load cluster: 201 to 115 CPU seconds for
   * the same work); the suite, CPU-bound, gets it back as time. The benchmark's servers keep the
   * JVM's default compilers, as in production.
   */
  static final String QUICK_START_JAVA_OPTS =
      "-Xms256m -Xmx1g -XX:+UseG1GC -Djava.net.preferIPv4Stack=true -XX:TieredStopAtLevel=1";

  /**
   * Starts a server of its own with these settings (over {@link #UNLIMITED}), with {@link
   * #QUICK_START_JAVA_OPTS}; the caller closes it.
   */
  public static DuetServer start(String name, Map<String, String> settings) {
    return startWatched(name, settings, starting -> {});
  }

  /**
   * Starts a server of its own like {@link #start}, handing it to {@code watcher} on a thread of
   * its own as its process starts (to see what it answers while starting); returns once the server
   * is up, the watcher perhaps still running. The caller closes the server.
   */
  public static DuetServer startWatched(
      String name, Map<String, String> settings, Consumer<DuetServer> watcher) {
    Map<String, String> environment = new HashMap<>(UNLIMITED);
    environment.put("JAVA_OPTS", QUICK_START_JAVA_OPTS);
    environment.putAll(settings);
    DuetServer server =
        new DuetServer(name, runtimeProperty(), warProperty(), "/stats", null, environment);
    Thread watching = new Thread(() -> watcher.accept(server), "watcher-" + name);
    watching.setDaemon(true);
    watching.start();
    server.startProcess();
    return server;
  }

  /**
   * Starts any WAR on a runtime ({@code wildfly} or {@code payara}); it is up once {@code
   * readyPath} answers 200. With {@code cpus} (a {@code taskset} list) the server runs on those
   * CPUs only.
   */
  public static DuetServer launch(
      String name,
      String runtime,
      String war,
      String readyPath,
      String cpus,
      Map<String, String> environment) {
    DuetServer server = new DuetServer(name, runtime, war, readyPath, cpus, environment);
    server.startProcess();
    return server;
  }

  public boolean isWildFly() {
    return runtime.equals("wildfly");
  }

  public String runtime() {
    return runtime;
  }

  /**
   * Starts the server again after {@link #close}, on the same ports and database, as an operator
   * would after a stop.
   */
  public void startAgain() {
    if (process != null) {
      throw new IllegalStateException("the server is running");
    }
    startProcess(false);
  }

  private void startProcess() {
    startProcess(true);
  }

  private void startProcess(boolean fresh) {
    try {
      if (fresh) {
        Ports.deleteRecursively(dir);
      }
      Files.createDirectories(dir);
      Path config = Path.of(System.getProperty("duet.server.config", "server-config"));
      List<String> command = new ArrayList<>();
      if (cpus != null) {
        command.addAll(List.of("taskset", "-c", cpus));
      }
      command.addAll(
          isWildFly()
              ? List.of(
                  "bash",
                  config.resolve("wildfly/run.sh").toString(),
                  System.getProperty("duet.wildfly.home"),
                  war,
                  "8080",
                  databasePath())
              : List.of(
                  "bash",
                  config.resolve("payara/run.sh").toString(),
                  System.getProperty("duet.payara.jar"),
                  war,
                  Integer.toString(httpPort),
                  databasePath()));
      ProcessBuilder builder = new ProcessBuilder(command);
      builder.environment().putAll(environment);
      builder.environment().put("DUET_SERVER_DIR", dir.resolve("server").toString());
      builder.environment().put("PORT_OFFSET", Integer.toString(portOffset));
      builder
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("console.log").toFile()));
      process = builder.start();
      awaitReady();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private String databasePath() {
    return environment.getOrDefault("DB_PATH", database.toString());
  }

  private void awaitReady() {
    Instant deadline = Instant.now().plus(START_TIMEOUT);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            runtime + " exited with " + process.exitValue() + " before Duet was up:\n" + logTail());
      }
      try {
        if (get(http(readyPath)).statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // still starting
      }
      Awaits.pause(Duration.ofMillis(250));
    }
    close();
    throw new IllegalStateException(
        runtime + " did not deploy Duet in " + START_TIMEOUT + ":\n" + logTail());
  }

  /** A WebSocket URI of {@code /ws} with the query (may be empty). */
  public URI ws(String query) {
    return URI.create(
        "ws://127.0.0.1:"
            + httpPort
            + "/ws"
            + (query == null || query.isEmpty() ? "" : "?" + query));
  }

  /** An HTTP URI on Duet's port. */
  public URI http(String path) {
    return URI.create("http://127.0.0.1:" + httpPort + path);
  }

  /**
   * An HTTP URI on Duet's port at another of the machine's addresses (the server must listen there:
   * {@code BIND_ADDRESS}).
   */
  public URI httpAt(String address, String path) {
    return URI.create("http://" + address + ":" + httpPort + path);
  }

  /**
   * A MicroProfile Health URI: on WildFly on the management port, on Payara Micro on the HTTP port.
   */
  public URI health(String path) {
    return URI.create("http://127.0.0.1:" + healthPort + "/health" + path);
  }

  public Path database() {
    return database;
  }

  /** The server's JVM (on WildFly a child of the start script). */
  public ProcessHandle jvm() {
    return Stream.concat(Stream.of(process.toHandle()), process.descendants())
        .filter(p -> p.info().command().map(c -> c.endsWith("/java")).orElse(false))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no JVM under " + process.pid()));
  }

  /** Everything the server printed so far. */
  public String log() {
    try {
      return Files.readString(dir.resolve("console.log"));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  private String logTail() {
    List<String> lines = log().lines().toList();
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
  }

  public static HttpResponse<String> get(URI uri) throws IOException {
    return get(uri, new String[0]);
  }

  /** A GET with these headers ({@code name, value, name, value, ...}), following redirects. */
  public static HttpResponse<String> get(URI uri, String... headers) throws IOException {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20));
    if (headers.length > 0) {
      request.headers(headers);
    }
    try {
      return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  /**
   * {@code /stats} as a map. Payara Micro 6's Grizzly now and then answers the request after a
   * WebSocket it closed at once (a 4401) with its 500 page: a late read callback of the closed
   * upgrade clears the pooled request object the next request then gets ({@code
   * NullPointerException: "methodString" is null} in {@code Method.CUSTOM}, in the server log;
   * glassfish-grizzly pull request 2240). On Payara a 500 is asked again once, and said; anything
   * but 200 then fails the test with what the server answered.
   */
  @SuppressWarnings("unchecked")
  public Map<String, Object> stats() {
    try {
      HttpResponse<String> answer = get(http("/stats"));
      if (answer.statusCode() == 500 && runtime.equals("payara")) {
        System.out.println("[harness] /stats on Payara answered 500; asking again once");
        answer = get(http("/stats"));
      }
      if (answer.statusCode() != 200) {
        throw new AssertionError(
            "/stats answered " + answer.statusCode() + ": " + answer.body().lines().findFirst());
      }
      return dev.duet.interfaces.websocket.Json.JSONB.fromJson(answer.body(), Map.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A number from {@code /stats}. */
  public long stat(String name) {
    return ((Number) stats().get(name)).longValue();
  }

  /** Waits until nobody is queued or matched, so a matching test meets only its own users. */
  public void awaitNoStrangers() {
    Awaits.until(
        Duration.ofSeconds(10),
        () -> stat("waiting_users") == 0 && stat("active_matches") == 0,
        () -> "strangers left over: " + stats());
  }

  /**
   * Undeploys Duet and leaves the server running: on WildFly by removing the WAR from the
   * deployment scanner's folder; on Payara Micro, which has no such folder, by stopping the server.
   */
  public void undeploy() throws IOException {
    if (isWildFly()) {
      Files.delete(dir.resolve("server/deployments/duet.war"));
    } else {
      close();
    }
  }

  /**
   * Runs one {@code jboss-cli} command (say {@code :suspend}) against this WildFly's management
   * port and returns what it printed; fails unless it succeeded.
   */
  public String cli(String command) throws IOException, InterruptedException {
    if (!isWildFly()) {
      throw new IllegalStateException("jboss-cli is WildFly's");
    }
    Process cli =
        new ProcessBuilder(
                Path.of(System.getProperty("duet.wildfly.home"), "bin", "jboss-cli.sh").toString(),
                "--connect",
                "--controller=127.0.0.1:" + healthPort,
                "--command=" + command)
            .redirectErrorStream(true)
            .start();
    String output = new String(cli.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!cli.waitFor(60, TimeUnit.SECONDS) || cli.exitValue() != 0) {
      cli.destroyForcibly();
      throw new IllegalStateException("jboss-cli " + command + " failed:\n" + output);
    }
    return output;
  }

  /**
   * Kills the server as a crash would (SIGKILL, no shutdown at all), and waits until it is gone.
   */
  public synchronized void kill() {
    if (process == null) {
      return;
    }
    List<ProcessHandle> all =
        Stream.concat(Stream.of(process.toHandle()), process.descendants()).toList();
    all.forEach(ProcessHandle::destroyForcibly);
    for (ProcessHandle handle : all) {
      handle.onExit().orTimeout(1, TimeUnit.MINUTES).join();
    }
    process = null;
  }

  /** Stops the server as an operator would (SIGTERM), and waits until it is gone. */
  @Override
  public synchronized void close() {
    if (process == null) {
      return;
    }
    List<ProcessHandle> all =
        Stream.concat(Stream.of(process.toHandle()), process.descendants()).toList();
    process.destroy();
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        all.forEach(ProcessHandle::destroyForcibly);
      }
      for (ProcessHandle handle : all) {
        handle.onExit().get(30, TimeUnit.SECONDS);
      }
    } catch (Exception e) {
      all.forEach(ProcessHandle::destroyForcibly);
    }
    process = null;
  }
}
