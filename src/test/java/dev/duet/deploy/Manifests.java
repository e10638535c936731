package dev.duet.deploy;

import dev.duet.testing.NodeScripts;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Kubernetes manifests as the API server would take them: every YAML document of the given files,
 * validated by {@code src/test/node/kubernetes-validate.mjs} (the Kubernetes schemas of the npm
 * package kubernetes-models, plus strict fields), with its errors and its content as JSON.
 */
record Manifests(List<Manifest> all) {
  static final String TESTS = "the Kubernetes manifest tests";

  /** One YAML document: where it is, what it is, what is wrong with it (nothing when valid). */
  record Manifest(String file, String kind, String name, List<String> errors, JsonObject object) {}

  static Manifests validate(List<Path> files, Path workDir) {
    NodeScripts.require("kubernetes-models", TESTS);
    Path out = workDir.resolve("manifests.json");
    Stream<String> arguments =
        Stream.concat(Stream.of(out.toString()), files.stream().map(Path::toString));
    NodeScripts.run("kubernetes-validate.mjs", arguments.toList(), Duration.ofSeconds(60));
    try (JsonReader reader = Json.createReader(Files.newBufferedReader(out))) {
      return new Manifests(
          reader.readArray().getValuesAs(JsonObject.class).stream()
              .map(
                  entry ->
                      new Manifest(
                          entry.getString("file"),
                          text(entry.get("kind")),
                          text(entry.get("name")),
                          entry.getJsonArray("errors").getValuesAs(JsonString.class).stream()
                              .map(JsonString::getString)
                              .toList(),
                          entry.isNull("object") ? null : entry.getJsonObject("object")))
              .toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String text(JsonValue value) {
    return value instanceof JsonString string ? string.getString() : null;
  }

  /** The one manifest of this kind and name; fails if there is none or more than one. */
  JsonObject one(String kind, String name) {
    List<JsonObject> found =
        all.stream()
            .filter(m -> kind.equals(m.kind()) && name.equals(m.name()))
            .map(Manifest::object)
            .toList();
    if (found.size() != 1) {
      throw new AssertionError(found.size() + " manifests of " + kind + " " + name);
    }
    return found.get(0);
  }

  /** The manifests of this kind. */
  List<JsonObject> of(String kind) {
    return all.stream().filter(m -> kind.equals(m.kind())).map(Manifest::object).toList();
  }

  /** The container of this name in a workload's pod template. */
  static JsonObject container(JsonObject workload, String name) {
    return workload
        .getJsonObject("spec")
        .getJsonObject("template")
        .getJsonObject("spec")
        .getJsonArray("containers")
        .getValuesAs(JsonObject.class)
        .stream()
        .filter(c -> c.getString("name").equals(name))
        .findFirst()
        .orElseThrow();
  }

  /** The {@code env} entry of this name of a container. */
  static JsonObject envEntry(JsonObject container, String name) {
    return container.getJsonArray("env").getValuesAs(JsonObject.class).stream()
        .filter(e -> e.getString("name").equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + name));
  }

  /** A container's {@code env} as names and values (null for a value taken from elsewhere). */
  static Map<String, String> env(JsonObject container) {
    Map<String, String> env = new TreeMap<>();
    for (JsonObject entry : container.getJsonArray("env").getValuesAs(JsonObject.class)) {
      env.put(entry.getString("name"), entry.getString("value", null));
    }
    return env;
  }

  /** A map of strings (a ConfigMap's data); anything else as its JSON text. */
  static Map<String, String> strings(JsonObject object) {
    Map<String, String> values = new TreeMap<>();
    object.forEach(
        (name, value) ->
            values.put(
                name, value instanceof JsonString text ? text.getString() : value.toString()));
    return values;
  }
}
