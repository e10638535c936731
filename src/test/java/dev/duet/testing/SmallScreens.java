package dev.duet.testing;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.ViewportSize;
import java.util.List;
import java.util.Map;

/**
 * The page on small screens: a phone 320 CSS pixels wide (640 high), which is also WCAG 1.4.10's
 * reflow width (a 1280-pixel window at 400 %), and a 1280×800 window at 200 % zoom, which lays the
 * page out in 640×400 CSS pixels with the media queries of that width: the zoom is emulated by that
 * viewport, the way browser zoom works, rather than by {@code deviceScaleFactor} (more device
 * pixels per CSS pixel: sharper, but the same layout) or CSS {@code zoom} (which leaves the media
 * queries at the unzoomed width). At each size nothing may stick out sideways: the document is no
 * wider than the window ({@code scrollWidth <= clientWidth}); the failure names the elements that
 * stick out. A screenshot of each size is saved; the page gets its own viewport back afterwards.
 */
public final class SmallScreens {
  /** The phone: 320×640 CSS pixels. */
  public static final ViewportSize PHONE = new ViewportSize(320, 640);

  /** A 1280×800 window at 200 % zoom: 640×400 CSS pixels. */
  public static final ViewportSize ZOOMED = new ViewportSize(640, 400);

  private static final String MEASURE =
      """
      () => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(() => {
        const root = document.documentElement;
        const width = root.clientWidth;
        const out = [...document.querySelectorAll('body *')]
          .filter(e => e.getClientRects().length && e.getBoundingClientRect().right > width + 0.5)
          .filter(e => {
            for (let a = e.parentElement; a && a !== root; a = a.parentElement) {
              if (getComputedStyle(a).overflowX !== 'visible') return false;
            }
            return true;
          })
          .slice(0, 10)
          .map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
            + (e.className && typeof e.className === 'string' ? '.' + e.className : '')
            + ' right=' + Math.round(e.getBoundingClientRect().right));
        done({ scrollWidth: root.scrollWidth, clientWidth: width, out });
      })))""";

  private SmallScreens() {}

  /**
   * Lays the page out at {@link #PHONE} and {@link #ZOOMED} in turn and fails if it overflows
   * sideways at either; screenshots go to {@code NAME-320} and {@code NAME-640}.
   */
  public static void assertFits(Page page, String name) {
    ViewportSize own = page.viewportSize();
    try {
      for (ViewportSize size : List.of(PHONE, ZOOMED)) {
        page.setViewportSize(size.width, size.height);
        @SuppressWarnings("unchecked")
        Map<String, Object> layout = (Map<String, Object>) page.evaluate(MEASURE);
        int scroll = ((Number) layout.get("scrollWidth")).intValue();
        int client = ((Number) layout.get("clientWidth")).intValue();
        System.out.println(
            "[layout] " + name + " at " + size.width + "x" + size.height + ": " + layout);
        Browsers.screenshot(page, name + "-" + size.width);
        if (scroll > client) {
          throw new AssertionError(
              name
                  + " is "
                  + scroll
                  + " CSS px wide in a window of "
                  + client
                  + " ("
                  + size.width
                  + "x"
                  + size.height
                  + "): it scrolls sideways; sticking out: "
                  + layout.get("out"));
        }
      }
    } finally {
      page.setViewportSize(own.width, own.height);
    }
  }
}
