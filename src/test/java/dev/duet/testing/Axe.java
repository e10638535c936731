package dev.duet.testing;

import com.microsoft.playwright.Frame;
import com.microsoft.playwright.Page;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Accessibility checks of a page in the state it is in, by axe-core (npm {@code axe-core}, the
 * version pinned in {@code src/test/node/package.json}, installed there by {@code .ci/run} with
 * {@code npm ci}). The rules are those of WCAG 2.0, 2.1 and 2.2 at levels A and AA; a check fails
 * on any violation of impact serious or critical, naming each rule, what it asks for and the
 * elements that break it, and prints the rest (moderate and minor) as it found them. axe-core is
 * evaluated into the page and every frame of it from outside (as DevTools would), so the page's
 * Content-Security-Policy does not stop it and nothing is added to what the server sends. Without
 * axe-core installed a check is skipped loudly (the rest of its test runs on), and fails under
 * {@code CI=true}.
 */
public final class Axe {
  public static final Path SCRIPT =
      Path.of(System.getProperty("duet.axe", "src/test/node/node_modules/axe-core/axe.min.js"));

  private static final List<String> TAGS =
      List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa");
  private static final List<String> BLOCKING = List.of("serious", "critical");

  private static final String RUN =
      """
      async tags => {
        const result = await axe.run(document, { runOnly: { type: 'tag', values: tags } });
        return {
          passes: result.passes.length,
          violations: result.violations.map(v => ({
            id: v.id, impact: v.impact || 'none', help: v.help,
            nodes: v.nodes.map(n => JSON.stringify(n.target) + ' ' + n.html.slice(0, 160)),
          })),
        };
      }""";

  private static String source;

  private Axe() {}

  /**
   * Whether axe-core is installed; when it is not, says so loudly and answers false (locally), or
   * fails (under {@code CI=true}).
   */
  static boolean installed(String state) {
    if (Files.isReadable(SCRIPT)) {
      return true;
    }
    String reason =
        SCRIPT.toAbsolutePath()
            + " is missing: run `npm ci --prefix src/test/node` (as .ci/run does) to check"
            + " accessibility";
    if ("true".equals(System.getenv("CI"))) {
      throw new IllegalStateException(reason + " (CI=true: the accessibility checks must run)");
    }
    System.err.println(
        "\n*** SKIPPING THE ACCESSIBILITY CHECK OF " + state + ": " + reason + " ***\n");
    return false;
  }

  /**
   * Runs axe-core on the page as it is now, {@code state} naming that state in what it prints and
   * in the failure; fails on every serious or critical violation.
   */
  @SuppressWarnings("unchecked")
  public static void check(Page page, String state) {
    if (!installed(state)) {
      return;
    }
    long start = System.nanoTime();
    String script = script();
    for (Frame frame : page.frames()) {
      frame.evaluate("() => { if (!window.axe) { " + script + "\n} return axe.version; }");
    }
    Map<String, Object> result = (Map<String, Object>) page.evaluate(RUN, TAGS);
    int passes = ((Number) result.get("passes")).intValue();
    List<Map<String, Object>> violations = (List<Map<String, Object>>) result.get("violations");
    List<Map<String, Object>> blocking =
        violations.stream().filter(v -> BLOCKING.contains(v.get("impact"))).toList();
    System.out.println(
        "[axe] "
            + state
            + ": "
            + passes
            + " rules passed, "
            + violations.size()
            + " violated, in "
            + (System.nanoTime() - start) / 1_000_000
            + " ms"
            + (violations.isEmpty() ? "" : ": " + describe(violations)));
    if (passes == 0) {
      throw new AssertionError("axe-core checked nothing on " + state);
    }
    if (!blocking.isEmpty()) {
      throw new AssertionError(
          "accessibility (axe-core "
              + page.evaluate("axe.version")
              + ", WCAG 2.x A/AA) of "
              + state
              + ": "
              + blocking.size()
              + " serious or critical violation(s):\n"
              + describe(blocking));
    }
  }

  @SuppressWarnings("unchecked")
  private static String describe(List<Map<String, Object>> violations) {
    return violations.stream()
        .map(
            v ->
                "- "
                    + v.get("id")
                    + " ("
                    + v.get("impact")
                    + "): "
                    + v.get("help")
                    + ((List<String>) v.get("nodes"))
                        .stream().map(node -> "\n    " + node).collect(Collectors.joining()))
        .collect(Collectors.joining("\n"));
  }

  private static synchronized String script() {
    if (source == null) {
      try {
        source = Files.readString(SCRIPT);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return source;
  }
}
