package dev.duet.testing;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A scrape parsed by the Prometheus project's own text-format parser: {@code
 * prometheus_client.parser} of the official Python client (Debian's {@code
 * python3-prometheus-client}), which refuses malformed exposition. Maven Central has no maintained
 * Java parser of the format (the Java client only writes it). Without the package the tests are
 * skipped loudly, and fail under {@code CI=true}.
 */
public final class PrometheusText {
  private static final Path PYTHON = Path.of("/usr/bin/python3");
  private static final String PARSE =
      String.join(
          "\n",
          "import json, math, sys",
          "from prometheus_client.parser import text_string_to_metric_families",
          "out = []",
          "for family in text_string_to_metric_families(sys.stdin.read()):",
          "    out.append({'name': family.name, 'type': family.type, 'samples': [",
          "        {'name': s.name, 'labels': s.labels,",
          "         'value': s.value if math.isfinite(s.value) else str(s.value)}",
          "        for s in family.samples]})",
          "json.dump(out, sys.stdout)");

  /** One sample: a series name, its labels and its value. */
  public record Sample(String name, Map<String, String> labels, double value) {}

  /** One metric family: its name (without {@code _total}), type and samples. */
  public record Family(String name, String type, List<Sample> samples) {}

  private final Map<String, Family> families;

  private PrometheusText(Map<String, Family> families) {
    this.families = families;
  }

  /** Skips (or under CI fails) the calling test when the parser is not installed. */
  public static void requireParser() {
    Tools.require(PYTHON, "python3", "the metrics tests");
    if (run("import prometheus_client", "").exitCode != 0) {
      Tools.require(
          Path.of("/usr/lib/python3/dist-packages/prometheus_client/parser.py"),
          "python3-prometheus-client",
          "the metrics tests");
    }
  }

  /** Parses a scrape; fails if the parser refuses it. */
  public static PrometheusText parse(String exposition) {
    requireParser();
    Result result = run(PARSE, exposition);
    if (result.exitCode != 0) {
      throw new AssertionError("Prometheus' parser refused the scrape:\n" + result.output);
    }
    Map<String, Family> families = new HashMap<>();
    JsonArray parsed = Json.createReader(new StringReader(result.output)).readArray();
    for (JsonValue value : parsed) {
      JsonObject family = value.asJsonObject();
      List<Sample> samples =
          family.getJsonArray("samples").stream()
              .map(JsonValue::asJsonObject)
              .map(
                  s ->
                      new Sample(
                          s.getString("name"),
                          labels(s.getJsonObject("labels")),
                          number(s.get("value"))))
              .toList();
      families.put(
          family.getString("name"),
          new Family(family.getString("name"), family.getString("type"), samples));
    }
    return new PrometheusText(families);
  }

  public Optional<Family> family(String name) {
    return Optional.ofNullable(families.get(name));
  }

  /** The type of a family ({@code counter}, {@code gauge}, {@code histogram}, ...). */
  public String type(String family) {
    return family(family).orElseThrow(() -> new AssertionError("no family " + family)).type();
  }

  /** {@code GET /metrics} of {@code server}, parsed. */
  public static PrometheusText scrape(DuetServer server) {
    try {
      return parse(DuetServer.get(server.http("/metrics")).body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Whether any sample of this series name (e.g. {@code duet_errors_total}) is there. */
  public boolean hasSeries(String series) {
    return families.values().stream()
        .flatMap(family -> family.samples().stream())
        .anyMatch(sample -> sample.name().equals(series));
  }

  /** The sum of every series of this name, whatever its labels. */
  public double sum(String series) {
    return families.values().stream()
        .flatMap(family -> family.samples().stream())
        .filter(sample -> sample.name().equals(series))
        .mapToDouble(Sample::value)
        .sum();
  }

  /** The value of the series with exactly these labels; fails if there is none. */
  public double value(String series, String... labelPairs) {
    Map<String, String> labels = new HashMap<>();
    for (int i = 0; i < labelPairs.length; i += 2) {
      labels.put(labelPairs[i], labelPairs[i + 1]);
    }
    return families.values().stream()
        .flatMap(family -> family.samples().stream())
        .filter(sample -> sample.name().equals(series) && sample.labels().equals(labels))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no series " + series + labels))
        .value();
  }

  private static Map<String, String> labels(JsonObject json) {
    Map<String, String> labels = new HashMap<>();
    json.forEach((key, value) -> labels.put(key, ((jakarta.json.JsonString) value).getString()));
    return labels;
  }

  private static double number(JsonValue value) {
    if (value instanceof JsonNumber number) {
      return number.doubleValue();
    }
    String text = ((jakarta.json.JsonString) value).getString();
    return switch (text) {
      case "inf" -> Double.POSITIVE_INFINITY;
      case "-inf" -> Double.NEGATIVE_INFINITY;
      default -> Double.NaN;
    };
  }

  private record Result(int exitCode, String output) {}

  private static Result run(String script, String input) {
    try {
      Process process =
          new ProcessBuilder(PYTHON.toString(), "-c", script).redirectErrorStream(true).start();
      try (var stdin = process.getOutputStream()) {
        stdin.write(input.getBytes(StandardCharsets.UTF_8));
      }
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("the Prometheus parser did not finish");
      }
      return new Result(process.exitValue(), output);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
