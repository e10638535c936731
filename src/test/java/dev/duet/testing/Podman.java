package dev.duet.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Rootful podman for the container image's test, with no container registry: the official images
 * the Containerfiles name are replaced by bases laid out the same way, assembled here from Debian
 * packages ({@code src/test/container/debian-jre.sh}: debootstrap and OpenJDK 17's JRE) and the
 * runtimes the build took from Maven Central ({@code Containerfile.wildfly-base}, {@code
 * Containerfile.payara-base}). A base is kept between runs under a tag that is a hash of what it is
 * made of, and built again only when that changes (a fresh machine builds it once, in about two to
 * three minutes); older tags of it are removed.
 *
 * <p>Every podman command gets a {@code containers.conf} of its own ({@code CONTAINERS_CONF}, so
 * the machine's configuration is left alone): runc, since crun refuses a machine with both cgroup
 * hierarchies ("cgroups in hybrid mode not supported"), and ulimits no higher than this JVM's,
 * since podman's default ones (1,048,576 open files) cannot be set without {@code
 * CAP_SYS_RESOURCE}.
 */
public final class Podman {
  private static final Path CONTAINER_SOURCES = Path.of("src/test/container");
  private static final int MAX_PROCESSES = 8192;

  private final Path projectDir;
  private final Path config;

  private Podman(Path projectDir, Path config) {
    this.projectDir = projectDir;
    this.config = config;
  }

  /**
   * Podman for the project in {@code projectDir}; skips the test (or, under CI=true, fails it) when
   * podman, runc or debootstrap is missing.
   */
  public static Podman forProject(Path projectDir) {
    String tests = "the container image test";
    Tools.require(Path.of("/usr/bin/podman"), "podman", tests);
    Tools.require(Path.of("/usr/sbin/runc"), "runc", tests);
    Tools.require(Path.of("/usr/sbin/debootstrap"), "debootstrap", tests);
    try {
      Path dir = Path.of(System.getProperty("duet.it.lockdir", "target/it")).toAbsolutePath();
      Files.createDirectories(dir);
      Path config = dir.resolve("containers.conf");
      Files.writeString(
          config,
          "[containers]\ndefault_ulimits = [\"nofile=%d:%d\", \"nproc=%d:%d\"]\n[engine]\nruntime = \"runc\"\n"
              .formatted(
                  limit("Max open files", 65536),
                  limit("Max open files", 65536),
                  limit("Max processes", MAX_PROCESSES),
                  limit("Max processes", MAX_PROCESSES)));
      return new Podman(projectDir.toAbsolutePath(), config);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs {@code podman ARGS}, waiting up to {@code timeout}; returns its output or fails. */
  public String run(Duration timeout, String... args) {
    List<String> line = new ArrayList<>(List.of("podman"));
    line.addAll(List.of(args));
    Result result = execute(line, timeout);
    if (result.exitCode() != 0) {
      throw new IllegalStateException(
          line + " failed with " + result.exitCode() + ": " + result.output().strip());
    }
    return result.output();
  }

  /** Runs {@code podman ARGS}, waiting up to a minute; returns its exit code and output. */
  public Result attempt(String... args) {
    List<String> line = new ArrayList<>(List.of("podman"));
    line.addAll(List.of(args));
    return execute(line, Duration.ofMinutes(1));
  }

  /** What a podman command printed, and its exit code. */
  public record Result(int exitCode, String output) {}

  /**
   * The local stand-in for the official image of {@code runtime} ({@code wildfly} or {@code
   * payara}), built unless a base of the same inputs is there: {@code runtimeDir} is the WildFly
   * distribution, or the folder of {@code payara-micro.jar}.
   */
  public String base(String runtime, Path runtimeDir) {
    try (MachineLock lock = MachineLock.acquire("podman-bases", Duration.ofMinutes(20))) {
      Path script = projectDir.resolve(CONTAINER_SOURCES).resolve("debian-jre.sh");
      String jre = "localhost/duet-debian-jre:" + hash(Files.readString(script));
      if (!exists(jre)) {
        keepOnly("localhost/duet-debian-jre", jre);
        List<String> line = List.of("bash", script.toString(), jre);
        Result built = execute(line, Duration.ofMinutes(15));
        if (built.exitCode() != 0) {
          throw new IllegalStateException(line + " failed: " + built.output());
        }
      }
      Path containerfile =
          projectDir.resolve(CONTAINER_SOURCES).resolve("Containerfile." + runtime + "-base");
      String inputs = Files.readString(containerfile) + jre + runtimeDir.getFileName();
      if (runtime.equals("payara")) {
        inputs += hash(Files.readAllBytes(runtimeDir.resolve("payara-micro.jar")));
      }
      String base = "localhost/duet-" + runtime + "-base:" + hash(inputs);
      if (!exists(base)) {
        keepOnly("localhost/duet-" + runtime + "-base", base);
        run(
            Duration.ofMinutes(10),
            "build",
            "--format",
            "docker",
            "-f",
            containerfile.toString(),
            "--build-arg",
            "JRE=" + jre,
            "-t",
            base,
            runtimeDir.toString());
      }
      return base;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private boolean exists(String image) {
    return attempt("image", "exists", image).exitCode() == 0;
  }

  private void keepOnly(String repository, String current) {
    for (String image :
        run(
                Duration.ofMinutes(1),
                "images",
                "--format",
                "{{.Repository}}:{{.Tag}}",
                "--filter",
                "reference=" + repository)
            .lines()
            .toList()) {
      if (!image.isBlank() && !image.equals(current)) {
        attempt("rmi", image);
      }
    }
  }

  private Result execute(List<String> line, Duration timeout) {
    ProcessBuilder builder = new ProcessBuilder(line).directory(projectDir.toFile());
    builder.environment().put("CONTAINERS_CONF", config.toString());
    Commands.Finished finished = Commands.execute(builder, timeout);
    return new Result(finished.exitCode(), finished.output());
  }

  /** This JVM's hard limit of that name (from /proc/self/limits), at most {@code cap}. */
  private static long limit(String name, long cap) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
      if (line.startsWith(name)) {
        String hard = line.substring(name.length()).trim().split("\\s+")[1];
        return hard.equals("unlimited") ? cap : Math.min(cap, Long.parseLong(hard));
      }
    }
    return cap;
  }

  private static String hash(String text) {
    return hash(text.getBytes(StandardCharsets.UTF_8));
  }

  private static String hash(byte[] bytes) {
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(bytes))
          .substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
