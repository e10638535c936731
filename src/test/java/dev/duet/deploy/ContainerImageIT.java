package dev.duet.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duet.interfaces.websocket.ServerMessage;
import dev.duet.testing.Awaits;
import dev.duet.testing.Database;
import dev.duet.testing.DuetServer;
import dev.duet.testing.Podman;
import dev.duet.testing.Signal;
import dev.duet.testing.TestClient;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The container image of {@code server-config/container} for the runtime of the failsafe execution
 * ({@code Containerfile} for WildFly, {@code Containerfile.payara} for Payara Micro), built as an
 * operator builds it but on a local stand-in for the official base ({@link Podman}), then run with
 * its ports published on 127.0.0.1 and a named volume for the database. Readiness answers UP on the
 * published health port and the image's own {@code HEALTHCHECK} passes; the server runs as the
 * base's user, not root; two clients of a room get their roles and their signaling through it;
 * {@code podman stop} (SIGTERM) tells both {@code server_draining} and closes them with 1001, and
 * the container then exits by itself, well before podman would kill it, with the sessions left open
 * in the database on the volume.
 */
class ContainerImageIT {
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);

  @Test
  @Timeout(value = 25, unit = TimeUnit.MINUTES)
  void theImageServesARoomCallAndDrainsOnStop() throws Exception {
    Runtime runtime = Runtime.ofThisRun();
    Path project =
        Path.of(System.getProperty("duet.server.config", "server-config"))
            .toAbsolutePath()
            .getParent();
    Podman podman = Podman.forProject(project);
    String suffix = runtime.name + "-" + UUID.randomUUID().toString().substring(0, 8);
    String image = "localhost/duet-it:" + suffix;
    String container = "duet-it-" + suffix;
    String volume = "duet-it-" + suffix;

    long started = System.nanoTime();
    String base = podman.base(runtime.name, runtime.dir);
    long based = System.nanoTime();
    try {
      podman.run(
          Duration.ofMinutes(10),
          "build",
          "--format",
          "docker",
          "-f",
          "server-config/container/" + runtime.containerfile,
          "--build-arg",
          "BASE=" + base,
          "-t",
          image,
          ".");
      long built = System.nanoTime();
      int http = freePort();
      int health = runtime.healthPort == 8080 ? http : freePort();
      podman.run(Duration.ofMinutes(1), "volume", "create", volume);
      podman.run(Duration.ofMinutes(2), runArguments(image, container, volume, http, health));
      URI ready = URI.create("http://127.0.0.1:" + health + "/health/ready");
      Awaits.until(
          Duration.ofMinutes(4),
          () -> readinessUp(ready) || !running(podman, container),
          () -> "readiness UP at " + ready);
      assertTrue(
          running(podman, container),
          () -> "the container exited:\n" + podman.attempt("logs", container).output());
      long up = System.nanoTime();
      assertEquals(
          0,
          podman.attempt("healthcheck", "run", container).exitCode(),
          "the image's HEALTHCHECK passes");
      assertEquals(
          runtime.user,
          podman.run(Duration.ofMinutes(1), "exec", container, "id", "-un").strip(),
          "the server runs as the base's user");
      assertServerProcessesRunAs(podman, container, runtime.user);

      CompletableFuture<String> stopped;
      long sigterm;
      try (TestClient a = TestClient.connect(ws(http, "room=call"));
          TestClient b = TestClient.connect(ws(http, "room=call"))) {
        roomCall(a, b);
        sigterm = System.nanoTime();
        stopped =
            CompletableFuture.supplyAsync(
                () ->
                    podman.run(
                        STOP_TIMEOUT.plusSeconds(30),
                        "stop",
                        "-t",
                        Long.toString(STOP_TIMEOUT.toSeconds()),
                        container));
        for (TestClient client : List.of(a, b)) {
          client.expect(ServerMessage.ServerDraining.class);
          assertEquals(1001, client.awaitClose().getCloseCode().getCode());
        }
      }
      String stopOutput = stopped.get(STOP_TIMEOUT.toSeconds() + 60, TimeUnit.SECONDS);
      long gone = System.nanoTime();
      assertFalse(stopOutput.contains("SIGKILL"), stopOutput);
      assertTrue(
          gone - sigterm < STOP_TIMEOUT.toNanos() / 2,
          "the container exits by itself after the drain");
      String exitCode =
          podman
              .run(Duration.ofMinutes(1), "inspect", "--format", "{{.State.ExitCode}}", container)
              .strip();
      assertTrue(
          List.of("0", "143").contains(exitCode),
          "exit code " + exitCode + " (0 or 143: ended by SIGTERM, not killed)");
      String log = podman.run(Duration.ofMinutes(1), "logs", container);
      if (runtime.name.equals("wildfly")) {
        assertTrue(log.contains("event=drain_hook on=wildfly-suspend"), "drains in the suspend");
        assertTrue(log.contains("event=draining connections=2"), "drain logged");
      }
      Path mountpoint =
          Path.of(
              podman
                  .run(
                      Duration.ofMinutes(1),
                      "volume",
                      "inspect",
                      "--format",
                      "{{.Mountpoint}}",
                      volume)
                  .strip());
      assertEquals(
          2,
          Database.query(
                  mountpoint.resolve("duet.db"), "SELECT * FROM sessions WHERE state = 'OPEN'")
              .size(),
          "the sessions are kept open in the database on the volume");
      System.out.printf(
          "ContainerImageIT on %s: base %d s (built or kept), image built in %d s, ready %d s"
              + " after podman run, stopped (drained) %d ms after SIGTERM, exit code %s%n",
          runtime.name,
          TimeUnit.NANOSECONDS.toSeconds(based - started),
          TimeUnit.NANOSECONDS.toSeconds(built - based),
          TimeUnit.NANOSECONDS.toSeconds(up - built),
          TimeUnit.NANOSECONDS.toMillis(gone - sigterm),
          exitCode);
    } finally {
      podman.attempt("rm", "-f", "-t", "0", container);
      podman.attempt("volume", "rm", "-f", volume);
      podman.attempt("rmi", "-f", image);
    }
  }

  /** The runtime of this failsafe execution, and what its image differs in. */
  private record Runtime(String name, String containerfile, int healthPort, String user, Path dir) {
    static Runtime ofThisRun() {
      String name = System.getProperty("duet.it.runtime", "wildfly").toLowerCase(Locale.ROOT);
      return name.equals("payara")
          ? new Runtime(
              name,
              "Containerfile.payara",
              8080,
              "payara",
              Path.of(System.getProperty("duet.payara.jar")).getParent())
          : new Runtime(
              name,
              "Containerfile",
              9990,
              "jboss",
              Path.of(System.getProperty("duet.wildfly.home")));
    }
  }

  /**
   * {@code podman run}: both ports on 127.0.0.1 only, the volume at the image's {@code
   * /var/lib/duet}, the suite's settings and JVM options as environment variables.
   */
  private String[] runArguments(String image, String container, String volume, int http, int health)
      throws IOException {
    Map<String, String> environment = new HashMap<>(DuetServer.UNLIMITED);
    environment.put("JAVA_OPTS", "-Xms256m -Xmx512m -XX:+UseG1GC -XX:TieredStopAtLevel=1");
    List<String> line =
        new ArrayList<>(
            List.of(
                "run",
                "-d",
                "--name",
                container,
                "-v",
                volume + ":/var/lib/duet",
                "-p",
                "127.0.0.1:" + http + ":8080"));
    if (health != http) {
      line.addAll(List.of("-p", "127.0.0.1:" + health + ":9990"));
    }
    environment.forEach((name, value) -> line.addAll(List.of("-e", name + "=" + value)));
    line.add(image);
    return line.toArray(String[]::new);
  }

  /** A and b are in room {@code call}: roles, then an offer and an answer through the server. */
  private static void roomCall(TestClient a, TestClient b) {
    a.expect(ServerMessage.RoomJoined.class);
    b.expect(ServerMessage.RoomJoined.class);
    assertEquals("impolite", b.expect(ServerMessage.AssignRole.class).payload().role());
    a.expect(ServerMessage.PeerJoined.class);
    assertEquals("polite", a.expect(ServerMessage.AssignRole.class).payload().role());
    JsonObject offer = Json.createObjectBuilder().add("type", "offer").add("sdp", "v=0").build();
    b.send(new Signal.Offer(a.userId(), offer, "o1"));
    JsonObject received = parse(a.nextRaw());
    assertEquals("webrtc_offer", received.getString("type"));
    assertEquals(b.userId(), received.getString("fromUser"));
    assertEquals(offer, received.getJsonObject("payload"));
    JsonObject answer = Json.createObjectBuilder().add("type", "answer").add("sdp", "v=0").build();
    a.send(new Signal.Answer(b.userId(), answer, "a1"));
    received = parse(b.nextRaw());
    assertEquals("webrtc_answer", received.getString("type"));
    assertEquals(a.userId(), received.getString("fromUser"));
    assertEquals(answer, received.getJsonObject("payload"));
  }

  /** Every process of the container (the start script, the JVM) runs as {@code user}. */
  private static void assertServerProcessesRunAs(Podman podman, String container, String user) {
    List<String> rows =
        podman
            .run(Duration.ofMinutes(1), "top", container, "user", "comm")
            .lines()
            .skip(1)
            .toList();
    assertTrue(rows.stream().anyMatch(row -> row.endsWith("java")), "a JVM in " + rows);
    for (String row : rows) {
      assertEquals(user, row.trim().split("\\s+")[0], row);
    }
  }

  private static boolean readinessUp(URI ready) {
    try {
      HttpResponse<String> answer = DuetServer.get(ready);
      return answer.statusCode() == 200 && "UP".equals(parse(answer.body()).getString("status"));
    } catch (IOException | RuntimeException notYet) {
      return false;
    }
  }

  private static boolean running(Podman podman, String container) {
    Podman.Result state = podman.attempt("inspect", "--format", "{{.State.Running}}", container);
    return state.exitCode() == 0 && state.output().strip().equals("true");
  }

  private static URI ws(int port, String query) {
    return URI.create("ws://127.0.0.1:" + port + "/ws?" + query);
  }

  private static JsonObject parse(String json) {
    return Json.createReader(new StringReader(json)).readObject();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
