package dev.duet.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The scripts of {@code src/test/node}, run by Debian's Node.js with the npm packages that {@code
 * .ci/run} installs there ({@code npm ci}, from the committed {@code package-lock.json}). Like
 * every tool, a missing one skips the tests loudly, and fails them under CI=true.
 */
public final class NodeScripts {
  private static final Path NODE = Path.of("/usr/bin/node");
  private static final Path FOLDER = Path.of("src/test/node");

  private NodeScripts() {}

  /**
   * Skips (or, under CI=true, fails) {@code tests} unless node and {@code npmPackage} are there.
   */
  public static void require(String npmPackage, String tests) {
    Tools.require(NODE, "nodejs", tests);
    Tools.require(
        Files.isDirectory(FOLDER.resolve("node_modules").resolve(npmPackage)),
        "the npm package "
            + npmPackage
            + " is missing: run `npm ci --prefix src/test/node` (.ci/run does)",
        tests);
  }

  /**
   * Runs {@code script} (a file of {@code src/test/node}) with {@code arguments}, waiting up to
   * {@code timeout}; returns what it printed, or fails with it.
   */
  public static String run(String script, List<String> arguments, Duration timeout) {
    List<String> line =
        new ArrayList<>(List.of(NODE.toString(), FOLDER.resolve(script).toString()));
    line.addAll(arguments);
    return Commands.run(line, timeout);
  }
}
