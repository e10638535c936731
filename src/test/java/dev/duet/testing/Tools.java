package dev.duet.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian tools the tests need: skipped loudly when missing, except under CI=true, where they fail.
 */
final class Tools {
  private Tools() {}

  static void require(Path executable, String debianPackage, String tests) {
    if (Files.isExecutable(executable)) {
      return;
    }
    String reason =
        executable + " is missing: install Debian's " + debianPackage + " package to run " + tests;
    if ("true".equals(System.getenv("CI"))) {
      throw new IllegalStateException(reason + " (CI=true: these tests must run)");
    }
    System.err.println("\n*** SKIPPING " + tests.toUpperCase() + ": " + reason + " ***\n");
    Assumptions.abort(reason);
  }
}
