package dev.duet.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Page;
import dev.duet.testing.Awaits;
import dev.duet.testing.Axe;
import dev.duet.testing.Browsers;
import dev.duet.testing.DuetServer;
import dev.duet.testing.SmallScreens;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Moderation from the admin page, on a server of its own with {@code ADMIN_TOKEN} and the bot gate
 * (each page solves its challenge in a Web Worker before meeting a stranger): a stranger reports
 * the other from the page; a moderator signs in to {@code /admin/} with the token and a name,
 * resolves the open report with a one-hour ban of the user after a confirmation in words; the
 * banned person's page, closed with 4403, says until when and why; the bans list and the audit log
 * show the ban and who made it; the moderator lifts it from the page.
 */
class ModerationBrowserIT {
  private static final String TOKEN = "admin-" + UUID.randomUUID();
  private static final String MODERATOR = "Test Moderator";
  private static final String NOTE = "test ban reason";
  private static final Duration CONNECT = Duration.ofSeconds(5);

  /** The admin page redraws its lists every 5 s, and at once after an action. */
  private static final Duration LISTED = Duration.ofSeconds(15);

  private static DuetServer server;
  private Browsers browsers;

  /** Skips (locally) or fails (under CI=true) without Chromium, before a server is started. */
  @BeforeEach
  void start() {
    browsers = new Browsers();
    if (server == null) {
      server = DuetServer.start("moderation", Map.of("ADMIN_TOKEN", TOKEN, "BOT_GATE", "pow"));
      System.out.println("ModerationBrowserIT on " + server.runtime());
    }
  }

  @AfterEach
  void closeBrowsers() {
    if (browsers != null) {
      browsers.close();
    }
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  private Person stranger() {
    return Person.stranger(browsers.person(), server);
  }

  @Test
  void aModeratorResolvesAReportWithABanThePersonIsToldWhyAndTheBanIsLifted() {
    Person first = stranger();
    first.awaitState("waiting", CONNECT);
    Person second = stranger();
    first.awaitConnected(CONNECT);
    second.awaitConnected(CONNECT);
    for (Person person : List.of(first, second)) {
      Object solved = person.page().evaluate("document.documentElement.dataset.gateMillis");
      assertTrue(solved instanceof String, "the page solved the bot gate's challenge: " + solved);
      System.out.println(
          "[gate] the page solved its challenge in "
              + solved
              + " ms (worker start included), trying "
              + person.page().evaluate("document.documentElement.dataset.gateNumber")
              + " numbers");
    }
    String reported = second.userId();

    Page reporter = first.page();
    reporter.click("#report");
    reporter.check("input[name='report-reason'][value='Harassment or hate']");
    reporter.fill("#report-text", "shouted insults");
    reporter.click("#report-send");
    first.awaitState("waiting", CONNECT);
    second.awaitState("partner-left", CONNECT);

    List<String> pageErrors = new CopyOnWriteArrayList<>();
    Page admin = signIn(pageErrors);

    String resolve = "button[aria-label='Resolve the report of user " + reported + "']";
    admin.waitForSelector(resolve, new Page.WaitForSelectorOptions().setTimeout(millis(LISTED)));
    List<String> report = cells(admin, "#reports tr:has(" + resolve + ")");
    Axe.check(admin, "the admin dashboard with an open report");
    assertEquals(List.of("Harassment or hate: shouted insults", "1 user"), report.subList(4, 6));
    admin.click(resolve);
    admin.waitForSelector("#resolve-dialog[open]");
    assertEquals("resolve-action", admin.evaluate("document.activeElement.name"));
    admin.check("input[name='resolve-action'][value='ban']");
    admin.selectOption("#resolve-scope", "user");
    admin.fill("#resolve-duration", "1h");
    admin.click("#resolve-next");
    assertTrue(admin.textContent("#resolve-error").startsWith("Write a note"), "a ban needs one");
    assertEquals("resolve-note", admin.evaluate("document.activeElement.id"));
    admin.fill("#resolve-note", NOTE);
    Browsers.screenshot(admin, "moderation-resolve");
    Axe.check(admin, "the admin's Resolve dialog, with its error shown");
    admin.click("#resolve-next");
    admin.waitForSelector("#confirm-dialog[open]");
    assertEquals("Ban user " + reported + " for 1 hour?", admin.textContent("#confirm-question"));
    Axe.check(admin, "the admin's confirmation dialog");
    Instant asked = Instant.now();
    admin.click("#confirm-yes");
    Awaits.until(
        CONNECT,
        () -> admin.textContent("#reports-result").startsWith("Banned user " + reported),
        () ->
            "the page says "
                + admin.textContent("#reports-result")
                + ", the dialog "
                + admin.textContent("#resolve-error"));
    assertFalse(admin.isVisible("#resolve-dialog"), "the dialog closed");
    assertEquals("reports-result", admin.evaluate("document.activeElement.id"));

    JsonObject ban = banOf(reported, "active");
    Instant until = Instant.parse(ban.getString("until"));
    Duration length = Duration.between(asked, until);
    assertTrue(
        length.compareTo(Duration.ofMinutes(59)) > 0
            && length.compareTo(Duration.ofMinutes(61)) < 0,
        "a ban of an hour: " + ban);
    assertEquals(NOTE, ban.getString("reason"));
    assertEquals(MODERATOR, ban.getString("by"));
    Awaits.until(
        CONNECT,
        () -> bannedText(until).equals(problem(second)),
        () -> "the banned page says: " + problem(second) + " (state " + second.state() + ")");
    assertEquals("idle", second.state());
    Browsers.screenshot(second.page(), "moderation-banned");
    Axe.check(second.page(), "the banned message");

    String banId = ban.getString("id");
    String lift = "button[aria-label='Lift the ban of user " + reported + "']";
    admin.waitForSelector(lift, new Page.WaitForSelectorOptions().setTimeout(millis(LISTED)));
    List<String> listed = cells(admin, "#bans tr:has(" + lift + ")");
    assertEquals(List.of("user", reported, NOTE, MODERATOR), listed.subList(2, 6));
    awaitRow(admin, "#audit", List.of(MODERATOR, "Ban", banId));
    awaitRow(admin, "#audit", List.of(MODERATOR, "Resolved a report", "ban " + banId));
    Browsers.screenshot(admin, "moderation-banned-listed");
    Axe.check(admin, "the admin dashboard with a ban listed and audited");
    SmallScreens.assertFits(admin, "admin");

    admin.click(lift);
    admin.waitForSelector("#confirm-dialog[open]");
    String question = admin.textContent("#confirm-question");
    assertTrue(question.startsWith("Lift the ban of user " + reported + ", until "), question);
    admin.click("#confirm-yes");
    Awaits.until(
        CONNECT,
        () -> admin.textContent("#bans-result").equals("Lifted the ban of user " + reported + "."),
        () -> "the page says " + admin.textContent("#bans-result"));
    Awaits.until(
        LISTED,
        () -> admin.locator(lift).count() == 0,
        () -> "a lifted ban is not in force: " + rows(admin, "#bans"));
    admin.check("input[name='bans-status'][value='all']");
    awaitRow(admin, "#bans", List.of(reported, NOTE, "Lifted by " + MODERATOR));
    awaitRow(admin, "#audit", List.of(MODERATOR, "Lifted a ban", banId));
    JsonObject lifted = banOf(reported, "all");
    assertFalse(lifted.getBoolean("active"), lifted.toString());
    assertEquals(MODERATOR, lifted.getString("liftedBy"));

    admin.check("input[name='reports-status'][value='resolved']");
    awaitRow(admin, "#reports", List.of(reported, "Banned by " + MODERATOR, NOTE, banId));
    Browsers.screenshot(admin, "moderation-lifted");
    assertEquals(List.of(), pageErrors, "the admin page ran without errors (CSP included)");
  }

  /**
   * The form adds a ban after a confirmation in words, and says next to it what is wrong with it:
   * what the page checks itself and what the server refuses.
   */
  @Test
  void theFormAddsABanAndSaysWhatTheServerRefuses() {
    List<String> pageErrors = new CopyOnWriteArrayList<>();
    Page admin = signIn(pageErrors);
    admin.fill("#ban-subject", "not an id!");
    admin.fill("#ban-reason", "spam bot");
    admin.click("#ban-add");
    assertEquals("A user ID is 1 to 64 letters, digits, _ and -.", admin.textContent("#ban-error"));
    assertEquals("ban-subject", admin.evaluate("document.activeElement.id"));
    Axe.check(admin, "the admin's add-ban form with its error shown");

    String unseen = "unseen-" + UUID.randomUUID();
    admin.fill("#ban-subject", unseen);
    admin.selectOption("#ban-scope", "network");
    admin.check("#ban-wide");
    admin.click("#ban-add");
    assertEquals(
        "Ban user " + unseen + "'s network (IPv6 /48) for 24 hours?",
        admin.textContent("#confirm-question"));
    admin.click("#confirm-yes");
    Awaits.until(
        CONNECT,
        () -> admin.isVisible("#ban-error"),
        () -> "no problem said: " + admin.textContent("#bans-result"));
    assertEquals("that user id has not been seen (404)", admin.textContent("#ban-error"));

    admin.selectOption("#ban-scope", "user");
    assertFalse(admin.isEnabled("#ban-wide"), "only a network ban is wider");
    admin.check("#ban-shadow");
    admin.fill("#ban-duration", "7d");
    admin.click("#ban-add");
    assertEquals(
        "Shadow-ban user " + unseen + " for 7 days?", admin.textContent("#confirm-question"));
    admin.click("#confirm-no");
    assertFalse(admin.isVisible("#confirm-dialog"), "cancelled");
    assertEquals("", admin.textContent("#bans-result"), "nothing was sent");
    admin.click("#ban-add");
    admin.click("#confirm-yes");
    Awaits.until(
        CONNECT,
        () -> admin.textContent("#bans-result").startsWith("Added a shadow ban of user " + unseen),
        () ->
            "the page says " + admin.textContent("#bans-result") + admin.textContent("#ban-error"));
    assertFalse(admin.isVisible("#ban-error"));
    JsonObject ban = banOf(unseen, "active");
    assertTrue(ban.getBoolean("shadow"), ban.toString());
    assertEquals("spam bot", ban.getString("reason"));
    awaitRow(admin, "#bans", List.of("shadow ban, user", unseen, "spam bot", "In force"));
    awaitRow(admin, "#audit", List.of(MODERATOR, "Shadow ban", ban.getString("id")));
    assertEquals(List.of(), pageErrors, "the admin page ran without errors (CSP included)");
  }

  /**
   * Opens the admin page in a browser of its own and signs in with the token and {@link
   * #MODERATOR}; what the page reports as errors (a CSP violation too) goes to {@code errors}.
   */
  private Page signIn(List<String> errors) {
    Page admin = browsers.productionPerson();
    admin.onConsoleMessage(
        m -> {
          if (m.type().equals("error") && !m.text().startsWith("Failed to load resource")) {
            errors.add(m.text());
          }
        });
    admin.onPageError(errors::add);
    admin.navigate(server.http("/admin/").toString());
    admin.waitForSelector("#login");
    Axe.check(admin, "the admin sign-in");
    admin.fill("#token", TOKEN);
    admin.fill("#login-name", MODERATOR);
    admin.click("#login button[type=submit]");
    admin.waitForSelector("#dashboard");
    assertEquals("Signed in as " + MODERATOR + ".", admin.textContent("#status"));
    return admin;
  }

  /**
   * What the banned page says in English (en-US), as {@code moderation.js} words it: the end in
   * UTC, 24-hour, its date ("Dec 7, 2026") shown unless it is today.
   */
  private static String bannedText(Instant until) {
    LocalDate date = until.atZone(ZoneOffset.UTC).toLocalDate();
    boolean today = LocalDate.now(ZoneOffset.UTC).equals(date);
    return "You are banned until "
        + (today ? "" : DateTimeFormatter.ofPattern("MMM d, yyyy", Locale.US).format(date) + ", ")
        + until.toString().substring(11, 16)
        + " UTC: "
        + NOTE;
  }

  private static String problem(Person person) {
    return (String)
        person
            .page()
            .evaluate(
                "(() => { const p = document.getElementById('problem');"
                    + " return p.hidden ? '' : p.textContent; })()");
  }

  private static double millis(Duration duration) {
    return duration.toMillis();
  }

  /** The cells' texts of the table row the selector finds. */
  @SuppressWarnings("unchecked")
  private static List<String> cells(Page page, String row) {
    return (List<String>)
        page.evalOnSelector(row, "row => [...row.cells].map(cell => cell.textContent.trim())");
  }

  /** The rows of a table body, each its cells' texts joined by " | ". */
  @SuppressWarnings("unchecked")
  private static List<String> rows(Page page, String body) {
    return (List<String>)
        page.evalOnSelector(
            body,
            "body => [...body.rows].map(row =>"
                + " [...row.cells].map(cell => cell.textContent.trim()).join(' | '))");
  }

  /** Waits until a row of the table body has, for each of these texts, a cell that holds it. */
  private static void awaitRow(Page page, String body, List<String> texts) {
    Awaits.until(
        LISTED,
        () ->
            rows(page, body).stream()
                .map(row -> List.of(row.split(" \\| ")))
                .anyMatch(
                    cells ->
                        texts.stream()
                            .allMatch(text -> cells.stream().anyMatch(c -> c.contains(text)))),
        () -> "no row of " + body + " with " + texts + ": " + rows(page, body));
  }

  /** The newest ban of this user that {@code GET /admin/api/bans?status=STATUS} lists. */
  private static JsonObject banOf(String userId, String status) {
    String body = adminApi("/bans?status=" + status);
    return Json.createReader(new StringReader(body)).readObject().getJsonArray("bans").stream()
        .map(JsonValue::asJsonObject)
        .filter(ban -> userId.equals(ban.getString("userId", null)))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no ban of " + userId + ": " + body));
  }

  /** The body of a {@code GET} of {@code /admin/api} + path, which must answer 200. */
  private static String adminApi(String path) {
    try {
      HttpResponse<String> response =
          DuetServer.get(server.http("/admin/api" + path), "Authorization", "Bearer " + TOKEN);
      assertEquals(200, response.statusCode(), response.body());
      return response.body();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
