package dev.duet.testing;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Real Chromium processes (Debian's {@code /usr/bin/chromium}, driven by Playwright; never a
 * downloaded browser), each a different person with a fake microphone playing a 440 Hz tone. When
 * Chromium is missing the tests are skipped with a loud reason, except under {@code CI=true}, where
 * they fail. Their language is English (en-US) unless a test asks for another, so the page speaks
 * English to the tests that read its words.
 */
public final class Browsers implements AutoCloseable {
  public static final Path CHROMIUM =
      Path.of(System.getProperty("duet.chromium", "/usr/bin/chromium"));
  private static final Path SCREENSHOTS =
      Path.of(System.getProperty("duet.screenshots", "target/screenshots"));

  private static final String HOOKS = resource("/duet-test-hooks.js");

  /** The language of the browsers, unless a test asks for another: the page speaks English. */
  private static final String ENGLISH = "en-US";

  private final List<Playwright> playwrights = new ArrayList<>();
  private final Path tone;

  public Browsers() {
    requireChromium();
    try {
      tone = Files.createTempFile("duet-tone-", ".wav");
      Files.write(tone, wav(440, 10));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Skips (locally) or fails (under CI=true) when Chromium is not installed. */
  public static void requireChromium() {
    Tools.require(CHROMIUM, "chromium", "the browser tests");
  }

  /**
   * A new Chromium process with a page of its own and the test hooks ({@code window.duet}, from
   * {@code duet-test-hooks.js}) injected before the page's scripts run.
   */
  public Page person() {
    return person(CHROMIUM);
  }

  /**
   * Like {@link #person()}, with Chromium started by {@code chromium}: a wrapper that runs {@link
   * #CHROMIUM} elsewhere, say in a network namespace ({@link CallNetwork#chromium}).
   */
  public Page person(Path chromium) {
    Page page = launch(chromium);
    page.addInitScript(HOOKS);
    return page;
  }

  /** A new Chromium process with a page of its own, as a real person gets it: nothing injected. */
  public Page productionPerson() {
    return launch(CHROMIUM, ENGLISH);
  }

  /**
   * Like {@link #productionPerson()}, in a browser whose language is {@code locale} ("de-DE"):
   * {@code navigator.languages} and Intl's default.
   */
  public Page productionPerson(String locale) {
    return launch(CHROMIUM, locale);
  }

  private Page launch(Path chromium) {
    return launch(chromium, ENGLISH);
  }

  private Page launch(Path chromium, String locale) {
    Playwright playwright = Playwright.create();
    playwrights.add(playwright);
    Browser browser =
        playwright
            .chromium()
            .launch(
                new BrowserType.LaunchOptions()
                    .setExecutablePath(chromium)
                    .setHeadless(true)
                    .setArgs(
                        List.of(
                            "--use-fake-ui-for-media-stream",
                            "--use-fake-device-for-media-stream",
                            "--use-file-for-fake-audio-capture=" + tone,
                            "--allow-loopback-in-peer-connection",
                            "--autoplay-policy=no-user-gesture-required",
                            "--disable-background-networking",
                            "--disable-component-update",
                            "--disable-sync",
                            "--no-first-run",
                            "--disable-quic")));
    Page page = browser.newContext(new Browser.NewContextOptions().setLocale(locale)).newPage();
    page.setDefaultTimeout(15_000);
    page.onConsoleMessage(m -> System.out.println("[browser] " + m.type() + " " + m.text()));
    return page;
  }

  private static String resource(String name) {
    try (InputStream in = Browsers.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(name + " is not on the test classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Saves a screenshot of the page under target/screenshots. */
  public static void screenshot(Page page, String name) {
    try {
      Files.createDirectories(SCREENSHOTS);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    page.screenshot(
        new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve(name + ".png")).setFullPage(true));
  }

  @Override
  public void close() {
    playwrights.forEach(Playwright::close);
    try {
      Files.deleteIfExists(tone);
    } catch (IOException ignored) {
      // a temporary file
    }
  }

  /** A mono 16-bit 48 kHz WAV file of a sine tone. */
  static byte[] wav(int hertz, int seconds) {
    int rate = 48_000;
    int samples = rate * seconds;
    ByteBuffer data = ByteBuffer.allocate(44 + samples * 2).order(ByteOrder.LITTLE_ENDIAN);
    data.put("RIFF".getBytes()).putInt(36 + samples * 2).put("WAVE".getBytes());
    data.put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) 1);
    data.putInt(rate).putInt(rate * 2).putShort((short) 2).putShort((short) 16);
    data.put("data".getBytes()).putInt(samples * 2);
    for (int i = 0; i < samples; i++) {
      data.putShort((short) (Math.sin(2 * Math.PI * hertz * i / rate) * 12_000));
    }
    return data.array();
  }
}
