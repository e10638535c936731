package dev.duet.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Route;
import com.microsoft.playwright.options.BoundingBox;
import dev.duet.testing.Awaits;
import dev.duet.testing.Browsers;
import dev.duet.testing.DuetServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The page and the admin view in the browser's language ({@code navigator.languages}, here
 * Chromium's locale), on a server of its own with {@code ADMIN_TOKEN} and {@code TERMS_VERSION}: a
 * German browser gets the German page, terms of use included; the switcher puts it into Spanish,
 * words said during a call too, and the choice outlasts the page; the admin view speaks German and
 * follows its switcher; a catalogue whose {@code dir} is {@code rtl} turns the page right to left.
 */
class LanguagesBrowserIT {
  private static final String TOKEN = "admin-" + UUID.randomUUID();
  private static final Duration SHOWN = Duration.ofSeconds(10);
  private static DuetServer server;
  private Browsers browsers;

  @BeforeAll
  static void start() {
    Browsers.requireChromium();
    server = DuetServer.start("languages", Map.of("ADMIN_TOKEN", TOKEN, "TERMS_VERSION", "v-1"));
    System.out.println("LanguagesBrowserIT on " + server.runtime());
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  @BeforeEach
  void browsers() {
    browsers = new Browsers();
  }

  @AfterEach
  void closeBrowsers() {
    browsers.close();
  }

  /** Waits until the page is shown in this language. */
  private static void awaitLanguage(Page page, String language) {
    Awaits.until(
        SHOWN,
        () ->
            Boolean.TRUE.equals(
                page.evaluate(
                    "l => document.documentElement.lang === l"
                        + " && !('i18nPending' in document.documentElement.dataset)",
                    language)),
        () -> "the page is in " + page.evaluate("document.documentElement.lang"));
  }

  private static void awaitText(Page page, String selector, String text) {
    Awaits.until(
        SHOWN,
        () -> page.textContent(selector).startsWith(text),
        () -> selector + " says " + page.textContent(selector) + ", not " + text);
  }

  @Test
  void aGermanBrowserGetsTheGermanPageAndTheSwitcherMakesItSpanish() {
    Page page = browsers.productionPerson("de-DE");
    page.addInitScript(
        "window.htmlChanges = [];"
            + " new MutationObserver((changes) => changes.forEach((c) =>"
            + "   window.htmlChanges.push(c.attributeName + '=' + c.target.getAttribute(c.attributeName))))"
            + " .observe(document, { subtree: true, attributeFilter: ['lang', 'data-i18n-pending'] });");
    page.navigate(server.http("/").toString());
    awaitLanguage(page, "de");
    assertEquals(
        List.of("lang=de", "data-i18n-pending=null"),
        page.evaluate("window.htmlChanges"),
        "the page, hidden until then, is shown once it is in German, not before");
    assertEquals("Mit einer fremden Person sprechen", page.textContent("#find-stranger"));
    assertEquals("Wähle, wie du einen Anruf starten möchtest.", page.textContent("#status"));
    assertEquals("Musik, Schach, Reisen", page.getAttribute("#interests", "placeholder"));
    assertEquals("Sprache", page.textContent("label[for=language]"));
    assertEquals("de", page.inputValue("#language"));
    assertEquals("ltr", page.evaluate("document.dir"));
    Browsers.screenshot(page, "languages-de");

    page.click("#find-stranger");
    page.waitForSelector("#terms-dialog[open]");
    assertEquals(
        "Nutzungsbedingungen",
        page.frameLocator("#terms-text").locator("h1[data-i18n]").textContent());
    String adult = page.textContent("label:has(#terms-adult)").strip();
    assertTrue(adult.startsWith("Ich bin 18 oder älter"), adult);
    Browsers.screenshot(page, "languages-de-terms");
    page.click("#terms-cancel");
    awaitText(page, "#status", "Wähle, wie du einen Anruf starten möchtest.");

    page.selectOption("#language", "es");
    awaitLanguage(page, "es");
    assertEquals("Hablar con un desconocido", page.textContent("#find-stranger"));
    assertEquals("Elige cómo empezar una llamada.", page.textContent("#status"));

    page.click("#join-room");
    awaitText(page, "#status", "Esperando a que alguien entre en la sala ");
    assertEquals("Copiar enlace", page.textContent("#copy-link"));
    assertTrue(page.textContent("#call-info").startsWith("Sala "), page.textContent("#call-info"));
    page.selectOption("#language", "de");
    awaitText(page, "#status", "Warte darauf, dass jemand den Raum ");
    assertTrue(page.textContent("#call-info").startsWith("Raum "), page.textContent("#call-info"));
    assertEquals("Link kopieren", page.textContent("#copy-link"));
    page.selectOption("#language", "es");
    awaitText(page, "#status", "Esperando a que alguien entre en la sala ");
    Browsers.screenshot(page, "languages-es-room");

    page.click("#hangup");
    awaitText(page, "#status", "Has salido de la sala.");
    page.navigate(server.http("/").toString());
    awaitLanguage(page, "es");
    assertEquals("Elige cómo empezar una llamada.", page.textContent("#status"));
  }

  @Test
  void theAdminViewSpeaksGermanAndFollowsItsSwitcher() {
    Page admin = browsers.productionPerson("de-DE");
    admin.navigate(server.http("/admin/").toString());
    awaitLanguage(admin, "de");
    assertEquals("Anmelden", admin.textContent("#login h2"));
    assertEquals("Das ADMIN_TOKEN des Servers", admin.textContent("label[for=token]"));
    admin.fill("#token", TOKEN);
    admin.fill("#login-name", "Moderatorin");
    admin.click("#login button[type=submit]");
    admin.waitForSelector("#dashboard");
    awaitText(admin, "#status", "Angemeldet als Moderatorin.");
    admin.waitForSelector("[data-counter=open_connections]");
    assertEquals(
        "Offene Verbindungen", admin.textContent("div:has(> [data-counter=open_connections]) dt"));
    awaitText(admin, "#quality-note", "Keine Anrufe gemeldet in der letzten Stunde.");
    Awaits.until(
        SHOWN,
        () -> admin.textContent("#updated").matches("\\(aktualisiert \\d\\d:\\d\\d:\\d\\d UTC\\)"),
        () -> "updated: " + admin.textContent("#updated"));
    Browsers.screenshot(admin, "languages-de-admin");

    admin.selectOption("#language", "es");
    awaitLanguage(admin, "es");
    assertEquals("Sesión iniciada como Moderatorin.", admin.textContent("#status"));
    awaitText(admin, "div:has(> [data-counter=open_connections]) dt", "Conexiones abiertas");
    awaitText(admin, "#quality-note", "No hay llamadas informadas en la última hora.");
    awaitText(admin, "#reports-page", "Página 1");
  }

  /**
   * A catalogue that says {@code "dir": "rtl"} (the German one, changed on its way to the page)
   * turns the page right to left: the name of the service at the right end of the bar, the language
   * switcher at the left end.
   */
  @Test
  void aRightToLeftCatalogueTurnsThePage() {
    Page page = browsers.productionPerson("de-DE");
    page.route(
        "**/i18n/de.json",
        route -> {
          APIResponse real = route.fetch();
          String body = real.text().replace("\"dir\": \"ltr\"", "\"dir\": \"rtl\"");
          route.fulfill(new Route.FulfillOptions().setResponse(real).setBody(body));
        });
    page.navigate(server.http("/").toString());
    awaitLanguage(page, "de");
    assertEquals("rtl", page.evaluate("document.dir"));
    BoundingBox bar = page.locator(".bar").boundingBox();
    BoundingBox name = page.locator(".bar h1").boundingBox();
    BoundingBox language = page.locator(".bar .language").boundingBox();
    assertTrue(
        name.x + name.width > bar.x + bar.width - 40,
        "the name is at the right end: " + name.x + " of " + bar.width);
    assertTrue(language.x < bar.x + 40, "the switcher is at the left end: " + language.x);
    Browsers.screenshot(page, "languages-rtl");
  }
}
