package dev.duet.interfaces.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duet.testing.Bystanders;
import dev.duet.testing.DuetServer;
import dev.duet.testing.TestClient;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The server the abuse suites attack ({@link AbuseIT}, {@link MemoryBoundIT}): the production
 * limits, behind a trusted proxy whose {@code X-Forwarded-For} names each attacker's address, one
 * server per test JVM and runtime; and a bystanders' room call beside every attack ({@link
 * Beside}).
 */
final class Attacks {
  /** The defaults the attacks count on (README, Configuration). */
  static final int BURST = 60;

  static final int PER_IP = 20;

  /** The bystanders' relay p99 an attack must leave them. */
  static final long BYSTANDER_P99_MILLIS = 1_000;

  private static final AtomicInteger ADDRESSES = new AtomicInteger();
  private static DuetServer server;

  private Attacks() {}

  /** The attacked server, started by the first suite that needs it, stopped when the JVM exits. */
  static synchronized DuetServer server() {
    if (server == null) {
      DuetServer started =
          DuetServer.startWithDefaultLimits("abuse", Map.of("TRUSTED_PROXIES", "127.0.0.1"));
      Runtime.getRuntime().addShutdownHook(new Thread(started::close));
      server = started;
    }
    return server;
  }

  /** A number no other attack has had: for addresses and networks of its own. */
  static int fresh() {
    return ADDRESSES.incrementAndGet();
  }

  /** An IPv4 client address no other attack uses. */
  static String address() {
    return "198.51.100." + fresh();
  }

  /** A client from {@code address}, as the proxy names it. */
  static TestClient connect(String address, String query) {
    return TestClient.connect(server(), query, Map.of("X-Forwarded-For", address));
  }

  /** A user from an address of its own connects and is answered at once. */
  static void bystanderIsServed() {
    try (TestClient bystander = connect(address(), "")) {
      bystander.send(new ClientMessage.Ping("bystander"));
      assertEquals(
          "bystander",
          bystander.expect(ServerMessage.Pong.class, Duration.ofSeconds(2)).messageId());
    }
  }

  /**
   * A bystanders' room call beside each test's attack, from addresses of their own: started before
   * the test, and after it held to losing nothing with a relay p99 under {@value
   * #BYSTANDER_P99_MILLIS} ms.
   */
  static final class Beside implements BeforeEachCallback, AfterEachCallback {
    private Bystanders call;

    @Override
    public void beforeEach(ExtensionContext context) {
      System.out.println(context.getDisplayName() + " on " + server().runtime());
      call = Bystanders.start(server(), address(), address());
    }

    @Override
    public void afterEach(ExtensionContext context) {
      call.close();
      Bystanders.Report fared = call.report();
      System.out.printf(
          "%s on %s: bystanders %s%n", context.getDisplayName(), server().runtime(), fared);
      assertEquals(fared.sent(), fared.received(), "the bystanders lost nothing: " + fared);
      assertTrue(fared.p99Millis() < BYSTANDER_P99_MILLIS, "the bystanders' relay: " + fared);
    }
  }
}
