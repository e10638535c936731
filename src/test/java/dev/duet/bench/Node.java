package dev.duet.bench;

import dev.duet.testing.Commands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The benchmark's independent generators, scripts of {@code src/test/node} on Node's {@code ws},
 * run on the generator CPUs; each prints one JSON line with its rate and its own CPU.
 */
final class Node {
  private static final Pattern RESULT =
      Pattern.compile("\"rate\":(\\d+),\"generatorCpuPercent\":(\\d+)");

  private Node() {}

  record Result(double rate, long generatorPercent) {}

  static Result run(String script, Duration timeout, String... arguments) {
    List<String> line =
        new ArrayList<>(
            List.of(
                "taskset",
                "-c",
                Benchmark.GENERATOR_CPUS,
                "node",
                PeerJsServer.FOLDER.resolve(script).toString()));
    line.addAll(List.of(arguments));
    String out = Commands.run(line, timeout);
    Matcher result = RESULT.matcher(out);
    if (!result.find()) {
      throw new IllegalStateException(script + " said: " + out);
    }
    return new Result(Double.parseDouble(result.group(1)), Long.parseLong(result.group(2)));
  }

  /**
   * The subject's WebSocket URL with {@code {id}} (and, in {@code rooms}, {@code {room}}) for the
   * script to fill.
   */
  static String url(Subject subject, boolean rooms) {
    return subject
        .uri(0, "GENERATED_ID", rooms ? "GENERATED_ROOM" : null)
        .toString()
        .replace("GENERATED_ID", "{id}")
        .replace("GENERATED_ROOM", "{room}");
  }
}
