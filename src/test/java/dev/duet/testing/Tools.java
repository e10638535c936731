package dev.duet.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian tools the tests need: skipped loudly when missing, except under CI=true, where they fail.
 */
final class Tools {
  private Tools() {}

  static void require(Path executable, String debianPackage, String tests) {
    require(
        Files.isExecutable(executable),
        executable + " is missing: install Debian's " + debianPackage + " package to run " + tests,
        tests);
  }

  /** Skips (locally) or fails (under CI=true) with {@code reason} unless {@code met}. */
  static void require(boolean met, String reason, String tests) {
    if (met) {
      return;
    }
    if ("true".equals(System.getenv("CI"))) {
      throw new IllegalStateException(reason + " (CI=true: these tests must run)");
    }
    System.err.println("\n*** SKIPPING " + tests.toUpperCase() + ": " + reason + " ***\n");
    Assumptions.abort(reason);
  }

  /**
   * Starts a tool with its output in {@code log} and waits up to 15 s until it is {@code ready};
   * fails with the tool's own words if it exits first.
   */
  static Process launch(ProcessBuilder builder, Path log, Path errors, BooleanSupplier ready)
      throws IOException {
    String name = Path.of(builder.command().get(0)).getFileName().toString();
    Process process = builder.redirectErrorStream(true).redirectOutput(log.toFile()).start();
    Awaits.until(
        Duration.ofSeconds(15),
        () -> !process.isAlive() || ready.getAsBoolean(),
        () -> name + " is not ready");
    if (!process.isAlive()) {
      throw new IllegalStateException(name + " exited: " + Files.readString(errors));
    }
    return process;
  }

  /** Stops a tool: SIGTERM, and SIGKILL if it is still there after 10 s. */
  static void stop(Process process) {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
