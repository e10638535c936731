package dev.duet.testing;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * A moderator's script against a server's admin API ({@code /admin/api/...} with its {@code
 * ADMIN_TOKEN}), and the server moderation tests share: started once per test JVM and runtime with
 * {@link #SETTINGS}, stopped when the JVM exits.
 */
public final class Moderators {
  public static final String TOKEN = "admin-" + java.util.UUID.randomUUID();

  /**
   * The shared moderated server's settings: the admin view, clients' addresses taken from {@code
   * X-Forwarded-For} (every test client connects from 127.0.0.1, so tests claim addresses), the
   * automatic protection at 3 reports, strangers who may meet again at once, and the bot gate
   * (which {@link TestClient#connect} solves).
   */
  public static final Map<String, String> SETTINGS =
      Map.of(
          "ADMIN_TOKEN", TOKEN,
          "TRUSTED_PROXIES", "127.0.0.1",
          "AUTO_BAN_REPORTS", "3",
          "REMATCH_COOLDOWN", "0s",
          "INTEREST_FALLBACK", "1s",
          "BOT_GATE", "pow");

  private static final Map<String, DuetServer> SHARED = new HashMap<>();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  private final DuetServer server;
  private final String name;

  public Moderators(DuetServer server, String name) {
    this.server = server;
    this.name = name;
  }

  /** The shared moderated server of this runtime. */
  public static synchronized DuetServer server() {
    return SHARED.computeIfAbsent(
        System.getProperty("duet.it.runtime", "wildfly"),
        runtime -> {
          DuetServer server = DuetServer.start("moderated", SETTINGS);
          Runtime.getRuntime().addShutdownHook(new Thread(server::close));
          return server;
        });
  }

  /** An answer: its status and JSON body. */
  public record Answer(int status, JsonObject body) {
    public JsonObject ban() {
      return body.getJsonObject("ban");
    }
  }

  /** {@code POST /admin/api/bans}. */
  public Answer ban(String scope, String userId, String duration, String reason, boolean shadow) {
    return ban(scope, userId, duration, reason, shadow, false);
  }

  public Answer ban(
      String scope, String userId, String duration, String reason, boolean shadow, boolean wide) {
    JsonObjectBuilder body =
        Json.createObjectBuilder()
            .add("scope", scope)
            .add("subject", userId)
            .add("duration", duration)
            .add("reason", reason)
            .add("shadow", shadow)
            .add("wide", wide);
    return send("POST", "/admin/api/bans", body.build().toString(), name);
  }

  /** {@code POST /admin/api/reports/ID/resolve}. */
  public Answer resolve(String reportId, JsonObject order) {
    return send("POST", "/admin/api/reports/" + reportId + "/resolve", order.toString(), name);
  }

  /** {@code DELETE /admin/api/bans/ID}. */
  public Answer lift(String banId) {
    return send("DELETE", "/admin/api/bans/" + banId, null, name);
  }

  /** {@code GET /admin/api/PATH}. */
  public Answer get(String path) {
    return send("GET", "/admin/api/" + path, null, null);
  }

  /** The items of a listing ({@code reports}, {@code bans}, {@code entries}). */
  public JsonArray list(String path, String items) {
    Answer answer = get(path);
    if (answer.status() != 200) {
      throw new AssertionError(path + " answered " + answer);
    }
    return answer.body().getJsonArray(items);
  }

  /** Any request, with this moderator name (null: none) and the JSON body (null: none). */
  public Answer send(String method, String path, String json, String moderator) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(server.http(path))
            .timeout(Duration.ofSeconds(20))
            .header("Authorization", "Bearer " + TOKEN)
            .method(
                method,
                json == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(json));
    if (json != null) {
      request.header("Content-Type", "application/json");
    }
    if (moderator != null) {
      request.header("X-Moderator", moderator);
    }
    try {
      HttpResponse<String> response =
          HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
      String text = response.body();
      JsonObject body =
          text.startsWith("{")
              ? Json.createReader(new StringReader(text)).readObject()
              : Json.createObjectBuilder().add("text", text).build();
      return new Answer(response.statusCode(), body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
