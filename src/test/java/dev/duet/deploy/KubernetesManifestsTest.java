package dev.duet.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duet.application.settings.Durations;
import dev.duet.application.settings.Settings;
import dev.duet.deploy.Manifests.Manifest;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code server-config/kubernetes}: every manifest must be valid against the Kubernetes API's
 * schemas (unknown fields refused, as kubectl's strict validation does), and must fit Duet: every
 * setting is one Duet reads and parses, the probes ask Duet's health checks on WildFly's management
 * port, the pod outlives its drain, the pods form a cluster that needs no session affinity, and the
 * Ingress keeps WebSockets open as long as {@code duet.conf} does.
 */
@Timeout(120)
class KubernetesManifestsTest {
  private static final Path CONFIG =
      Path.of(System.getProperty("duet.server.config", "server-config"));
  private static final Path DIR = CONFIG.resolve("kubernetes");
  private static final String SECRET_TEMPLATE = "secret.yaml";
  private static final long KIB = 1024;
  private static final long MIB = 1024 * KIB;

  @TempDir static Path work;
  private static Manifests manifests;
  private static Map<String, String> settings;
  private static Map<String, String> secrets;

  @BeforeAll
  static void validate() throws IOException {
    List<Path> files;
    try (Stream<Path> listing = Files.list(DIR)) {
      files = listing.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
    }
    manifests = Manifests.validate(files, work);
    settings = Manifests.strings(manifests.one("ConfigMap", "duet-settings").getJsonObject("data"));
    secrets =
        Manifests.strings(manifests.one("Secret", "duet-secrets").getJsonObject("stringData"));
  }

  @Test
  void everyManifestIsValidAgainstTheKubernetesSchemas() {
    Set<String> kinds = new TreeSet<>();
    for (Manifest manifest : manifests.all()) {
      String what = manifest.file() + ": " + manifest.kind() + " " + manifest.name();
      if ("Kustomization".equals(manifest.kind())) {
        assertEquals(
            List.of("no schema for kustomize.config.k8s.io/v1beta1 Kustomization"),
            manifest.errors(),
            what);
        continue;
      }
      assertEquals(List.of(), manifest.errors(), what);
      kinds.add(manifest.kind());
    }
    assertEquals(
        Set.of(
            "ConfigMap",
            "Deployment",
            "Ingress",
            "NetworkPolicy",
            "PodDisruptionBudget",
            "Secret",
            "Service",
            "StatefulSet"),
        kinds);
  }

  @Test
  void theValidatorRefusesWhatTheApiServerRefuses(@TempDir Path dir) throws IOException {
    JsonObject deployment = manifests.one("Deployment", "duet");
    JsonObject service = manifests.one("Service", "duet");
    Map<String, String> broken = new TreeMap<>();
    broken.put(
        "/spec/replicas must be integer",
        Json.createPatchBuilder()
            .replace("/spec/replicas", "three")
            .build()
            .apply(deployment)
            .toString());
    broken.put(
        "/spec/template/spec/containers/0/livenessprobe is not a field of the schema",
        Json.createPatchBuilder()
            .add("/spec/template/spec/containers/0/livenessprobe", JsonValue.EMPTY_JSON_OBJECT)
            .build()
            .apply(deployment)
            .toString());
    broken.put(
        "/spec/ports/0 must have required property port",
        Json.createPatchBuilder().remove("/spec/ports/0/port").build().apply(service).toString());
    broken.put(
        "/data/BOT_GATE must be string",
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata:\n  BOT_GATE: off\n");
    broken.put("no schema for v1 Deploymnet", "apiVersion: v1\nkind: Deploymnet\n");
    List<Path> files = new ArrayList<>();
    for (String text : broken.values()) {
      files.add(Files.writeString(dir.resolve(files.size() + ".yaml"), text));
    }
    List<Manifest> results = Manifests.validate(files, dir).all();
    assertEquals(broken.size(), results.size());
    int i = 0;
    for (String expected : broken.keySet()) {
      Manifest result = results.get(i++);
      assertEquals(1, result.errors().size(), result.errors().toString());
      assertTrue(result.errors().get(0).startsWith(expected), expected + " not " + result.errors());
    }
  }

  @Test
  void kustomizationListsEveryManifestButTheSecretTemplate() throws IOException {
    List<JsonObject> kustomizations = manifests.of("Kustomization");
    assertEquals(1, kustomizations.size());
    Set<String> listed =
        kustomizations.get(0).getJsonArray("resources").getValuesAs(JsonString.class).stream()
            .map(JsonString::getString)
            .collect(Collectors.toCollection(TreeSet::new));
    Set<String> files;
    try (Stream<Path> listing = Files.list(DIR)) {
      files =
          listing
              .map(f -> f.getFileName().toString())
              .filter(f -> f.endsWith(".yaml"))
              .filter(f -> !f.equals("kustomization.yaml") && !f.equals(SECRET_TEMPLATE))
              .collect(Collectors.toCollection(TreeSet::new));
    }
    assertEquals(files, listed);
  }

  @Test
  void everySettingIsOneDuetReadsAndParses() {
    Set<String> read = new TreeSet<>();
    Settings.of(
        new HashMap<>() {
          @Override
          public String get(Object name) {
            read.add((String) name);
            return null;
          }
        });
    for (String name : union(settings, secrets).keySet()) {
      assertTrue(read.contains(name), name + " is not a setting of Duet: " + read);
    }
    assertEquals(
        Set.of("JWT_SECRET", "TURN_SECRET", "ADMIN_TOKEN", "DB_PASSWORD"), secrets.keySet());
    secrets.forEach((name, value) -> assertEquals("REPLACE-ME", value, name));
    Settings.of(settings);
    IllegalArgumentException refused =
        assertThrows(IllegalArgumentException.class, () -> Settings.of(union(settings, secrets)));
    assertTrue(refused.getMessage().startsWith("JWT_SECRET"), refused.getMessage());

    Map<String, String> replaced = new HashMap<>();
    SecureRandom random = new SecureRandom();
    for (String name : secrets.keySet()) {
      byte[] bytes = new byte[32];
      random.nextBytes(bytes);
      replaced.put(name, HexFormat.of().formatHex(bytes));
    }
    Settings duet = Settings.of(union(settings, replaced));
    assertTrue(duet.cluster().clustered());
    assertTrue(duet.database().dbUrl().isPresent());
  }

  @Test
  void theProbesAskDuetsHealthChecksOnTheManagementPort() throws IOException {
    JsonObject duet = Manifests.container(manifests.one("Deployment", "duet"), "duet");
    Map<String, Integer> ports = new TreeMap<>();
    for (JsonObject port : duet.getJsonArray("ports").getValuesAs(JsonObject.class)) {
      ports.put(port.getString("name"), port.getInt("containerPort"));
    }
    String runScript = Files.readString(CONFIG.resolve("wildfly/run.sh"));
    assertTrue(runScript.contains("port=${3:-8080}"), "run.sh's HTTP port is no longer 8080");
    String readme = Files.readString(Path.of("README.md"));
    assertTrue(readme.contains("http://127.0.0.1:9990/health/ready"), "health is not on 9990");
    assertEquals(Map.of("http", 8080, "management", 9990), ports);

    String checks = mainSources();
    Map<String, String> probes =
        Map.of(
            "readinessProbe", "/health/ready",
            "livenessProbe", "/health/live",
            "startupProbe", "/health/live");
    probes.forEach(
        (probe, path) -> {
          JsonObject get = duet.getJsonObject(probe).getJsonObject("httpGet");
          assertEquals(path, get.getString("path"), probe);
          assertEquals("management", get.getString("port"), probe);
        });
    assertTrue(checks.contains("@Readiness") && checks.contains("@Liveness"), "no health checks");

    JsonObject service = manifests.one("Service", "duet");
    JsonObject servicePort = service.getJsonObject("spec").getJsonArray("ports").getJsonObject(0);
    assertEquals("http", servicePort.getString("targetPort"));
    for (JsonObject ingress : manifests.of("Ingress")) {
      for (JsonValue rule : ingress.getJsonObject("spec").getJsonArray("rules")) {
        for (JsonValue path : rule.asJsonObject().getJsonObject("http").getJsonArray("paths")) {
          JsonObject backend =
              path.asJsonObject().getJsonObject("backend").getJsonObject("service");
          assertEquals("duet", backend.getString("name"));
          assertEquals(
              servicePort.getString("name"), backend.getJsonObject("port").getString("name"));
        }
      }
    }
  }

  @Test
  void aPodOutlivesItsDrain() throws IOException {
    JsonObject deployment = manifests.one("Deployment", "duet");
    JsonObject pod =
        deployment.getJsonObject("spec").getJsonObject("template").getJsonObject("spec");
    JsonObject duet = Manifests.container(deployment, "duet");
    int preStop =
        duet.getJsonObject("lifecycle")
            .getJsonObject("preStop")
            .getJsonObject("sleep")
            .getInt("seconds");
    Map<String, String> env = Manifests.env(duet);
    Duration suspend = Duration.ofSeconds(Integer.parseInt(env.get("SUSPEND_TIMEOUT")));
    Duration drain = Durations.parse(settings.get("DRAIN_DELAY"));
    Duration grace = Duration.ofSeconds(pod.getInt("terminationGracePeriodSeconds"));
    assertTrue(preStop >= 5, "the ingress controller needs a few seconds to drop the pod");
    assertTrue(
        suspend.compareTo(drain.plusSeconds(2)) >= 0,
        "SUSPEND_TIMEOUT must be at least DRAIN_DELAY plus the 2 s of the announcements");
    assertTrue(
        grace.compareTo(suspend.plusSeconds(preStop + 10)) >= 0,
        "terminationGracePeriodSeconds must exceed the preStop sleep plus SUSPEND_TIMEOUT"
            + " plus 10 s for WildFly's stop");
    Set<String> runScriptVariables = new TreeSet<>();
    Matcher expansion =
        Pattern.compile("\\$\\{([A-Z_]+)[:}]")
            .matcher(Files.readString(CONFIG.resolve("wildfly/run.sh")));
    while (expansion.find()) {
      runScriptVariables.add(expansion.group(1));
    }
    assertTrue(
        runScriptVariables.containsAll(env.keySet()),
        env.keySet() + " are not all variables of run.sh: " + runScriptVariables);
  }

  @Test
  void thePodsFormAClusterThatNeedsNoSessionAffinity() throws IOException {
    JsonObject spec = manifests.one("Deployment", "duet").getJsonObject("spec");
    assertTrue(spec.getInt("replicas") >= 2);
    assertEquals(
        0, spec.getJsonObject("strategy").getJsonObject("rollingUpdate").getInt("maxUnavailable"));
    JsonObject budget = manifests.one("PodDisruptionBudget", "duet").getJsonObject("spec");
    assertTrue(budget.getInt("maxUnavailable") < spec.getInt("replicas"));
    JsonObject podLabels =
        spec.getJsonObject("template").getJsonObject("metadata").getJsonObject("labels");
    assertEquals(podLabels, spec.getJsonObject("selector").getJsonObject("matchLabels"));
    assertEquals(podLabels, budget.getJsonObject("selector").getJsonObject("matchLabels"));
    JsonObject service = manifests.one("Service", "duet").getJsonObject("spec");
    assertEquals(podLabels, service.getJsonObject("selector"));
    assertEquals("None", service.getString("sessionAffinity"));

    URI redis = URI.create(settings.get("REDIS_URL"));
    assertEquals(redis.getPort(), servicePort("duet-redis"), "REDIS_URL's port");
    assertEquals("duet-redis", redis.getHost(), "REDIS_URL's host");
    URI database = URI.create(settings.get("DB_URL").substring("jdbc:".length()));
    assertEquals("duet-postgres", database.getHost(), "DB_URL's host");
    assertEquals(database.getPort(), servicePort("duet-postgres"), "DB_URL's port");
    JsonObject postgres =
        Manifests.container(manifests.one("StatefulSet", "duet-postgres"), "postgres");
    Map<String, String> postgresEnv = Manifests.env(postgres);
    assertEquals(database.getPath(), "/" + postgresEnv.get("POSTGRES_DB"));
    assertEquals(settings.get("DB_USER"), postgresEnv.get("POSTGRES_USER"));
    JsonObject password =
        Manifests.envEntry(postgres, "POSTGRES_PASSWORD")
            .getJsonObject("valueFrom")
            .getJsonObject("secretKeyRef");
    assertEquals(
        Json.createObjectBuilder().add("name", "duet-secrets").add("key", "DB_PASSWORD").build(),
        password);

    Duration heartbeat = Durations.parse(settings.get("HEARTBEAT_INTERVAL"));
    String nginx = Files.readString(CONFIG.resolve("nginx/duet.conf"));
    for (JsonObject ingress : manifests.of("Ingress")) {
      JsonObject annotations = ingress.getJsonObject("metadata").getJsonObject("annotations");
      assertFalse(
          annotations.keySet().stream().anyMatch(a -> a.contains("affinity")),
          "session affinity in " + annotations);
    }
    JsonObject annotations =
        manifests.one("Ingress", "duet").getJsonObject("metadata").getJsonObject("annotations");
    for (String timeout : List.of("read", "send")) {
      Matcher conf = Pattern.compile("proxy_" + timeout + "_timeout (\\d+)s;").matcher(nginx);
      assertTrue(conf.find(), "duet.conf has no proxy_" + timeout + "_timeout");
      String seconds =
          annotations.getString("nginx.ingress.kubernetes.io/proxy-" + timeout + "-timeout");
      assertEquals(conf.group(1), seconds, "the Ingress's " + timeout + " timeout is duet.conf's");
      assertTrue(
          Duration.ofSeconds(Long.parseLong(seconds)).compareTo(heartbeat.multipliedBy(2)) > 0);
    }
  }

  /**
   * Measured with the benchmark's idle test (WildFly, a 512 MiB heap, 10,000 sessions): RSS 608 MiB
   * idle and 21.3 KiB more per session; live heap 69 MiB and 19 KiB per session.
   */
  @Test
  void resourcesHoldMaxConnectionsAsTheBenchmarkMeasured() {
    JsonObject duet = Manifests.container(manifests.one("Deployment", "duet"), "duet");
    JsonObject resources = duet.getJsonObject("resources");
    long memory = bytes(resources.getJsonObject("limits").getString("memory"));
    assertEquals(memory, bytes(resources.getJsonObject("requests").getString("memory")));
    assertTrue(resources.getJsonObject("requests").containsKey("cpu"));
    Matcher percent =
        Pattern.compile("-XX:MaxRAMPercentage=(\\d+)")
            .matcher(Manifests.env(duet).get("JAVA_OPTS"));
    assertTrue(percent.find(), "the heap must follow the memory limit");
    long heap = memory * Integer.parseInt(percent.group(1)) / 100;
    long sessions = Long.parseLong(settings.get("MAX_CONNECTIONS"));
    long liveHeap = MIB * 69 + sessions * KIB * 19;
    assertTrue(
        heap >= 2 * liveHeap, "G1 needs twice the live heap: " + heap + " < 2 x " + liveHeap);
    long rss = MIB * 608 + sessions * KIB * 213 / 10 + Math.max(0, heap - MIB * 512);
    assertTrue(memory >= rss * 5 / 4, "a quarter above the RSS: " + memory + " < 1.25 x " + rss);
  }

  private static int servicePort(String service) {
    return manifests
        .one("Service", service)
        .getJsonObject("spec")
        .getJsonArray("ports")
        .getJsonObject(0)
        .getInt("port");
  }

  private static Map<String, String> union(Map<String, String> a, Map<String, String> b) {
    Map<String, String> all = new HashMap<>(a);
    all.putAll(b);
    return all;
  }

  private static long bytes(String quantity) {
    Matcher m = Pattern.compile("(\\d+)(Mi|Gi)").matcher(quantity);
    assertTrue(m.matches(), "a quantity in Mi or Gi: " + quantity);
    return Long.parseLong(m.group(1)) << (m.group(2).equals("Gi") ? 30 : 20);
  }

  private static String mainSources() throws IOException {
    try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
      StringBuilder all = new StringBuilder();
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        all.append(Files.readString(file));
      }
      return all.toString();
    }
  }
}
