package dev.duet.interfaces.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duet.application.Fixture;
import dev.duet.application.settings.Settings;
import dev.duet.domain.Participant;
import jakarta.websocket.Session;
import java.lang.reflect.Proxy;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * How a connection reads frames against its rate limit: a frame's token is taken at its first part,
 * and a refused frame is neither put together nor read, whatever it holds.
 */
class ConnectionTest {
  private static final String PING = "{\"type\":\"ping\",\"messageId\":\"p\"}";

  private static Connection connection(int perMinute, int burst) {
    Settings settings =
        Settings.of(
            Map.of(
                "RATE_LIMIT_PER_MINUTE", Integer.toString(perMinute),
                "RATE_LIMIT_BURST", Integer.toString(burst)));
    Session session =
        (Session)
            Proxy.newProxyInstance(
                ConnectionTest.class.getClassLoader(),
                new Class<?>[] {Session.class},
                (proxy, method, args) -> {
                  throw new UnsupportedOperationException(method.getName());
                });
    return new Connection(
        session,
        new Participant("u", "s", "h"),
        1,
        "192.0.2.1",
        System.nanoTime(),
        0,
        new Mailbox("s", 64, 1 << 18, 0),
        new RateLimits(Fixture.rateLimiter(settings), "s", "192.0.2.1"),
        settings,
        Runnable::run,
        new Endings());
  }

  @Test
  void aRefusedFrameInPartsIsAnsweredOnceWithItsLastPartAndNeverPutTogether() {
    Connection connection = connection(60, 1);
    assertInstanceOf(ClientMessage.Ping.class, connection.read(PING, true));
    assertNull(connection.read("{\"type\":\"ping\",\"messageId\":\"x1\",\"pad\":\"", false));
    assertNull(connection.read("y".repeat(100_000), false), "not buffered: no 1009 either");
    ClientMessage.Limited refused =
        assertInstanceOf(ClientMessage.Limited.class, connection.read("\"} not JSON", true));
    assertEquals("x1", refused.messageId());
    assertTrue(!refused.abusive());
    assertInstanceOf(ClientMessage.Limited.class, connection.read("{nope", true), "unread");
  }

  @Test
  void anAbusiveFrameIsAnsweredAtItsFirstPartAndTheRestSwallowed() {
    Connection connection = connection(60, 1);
    connection.read(PING, true);
    for (int i = 1; i < 30; i++) {
      ClientMessage.Limited limited =
          assertInstanceOf(ClientMessage.Limited.class, connection.read(PING, true));
      assertTrue(!limited.abusive(), "refusal " + i);
    }
    ClientMessage.Limited abusive =
        assertInstanceOf(ClientMessage.Limited.class, connection.read("{\"type\":", false));
    assertTrue(abusive.abusive(), "the 30th refusal in 10 s at 1 a second");
    assertNull(connection.read("\"ping\"", false));
    assertNull(connection.read("}", true));
  }
}
