package dev.duet.interfaces.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duet.testing.DuetServer;
import dev.duet.testing.TestClient;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * WildFly's management {@code :suspend}, which Payara Micro has no counterpart of: the pom runs
 * this class in the WildFly execution only.
 */
class WildFlySuspendIT {

  /**
   * WildFly's own suspend closes every WebSocket with 1001 (Undertow does, Duet cannot keep them),
   * so what Duet must not do on a {@code :suspend} that is no stop is drain: no {@code
   * server_draining}, readiness's {@code accepting-connections} stays UP, and after {@code :resume}
   * new clients are let in.
   */
  @Test
  void aSuspendThatIsNotAStopDoesNotDrain() throws Exception {
    try (DuetServer server = DuetServer.start("suspend", Map.of());
        TestClient a = TestClient.connect(server)) {
      assertTrue(server.cli(":suspend").contains("success"), "suspended");
      assertEquals(
          "UP",
          ShutdownIT.check(DuetServer.get(server.health("/ready")), "accepting-connections"),
          "ready");
      Object got = a.nextFrameOrClose();
      assertFalse(got instanceof String frame && frame.contains("server_draining"), "told " + got);
      assertTrue(server.cli(":resume").contains("success"), "resumed");
      try (TestClient b = TestClient.connect(server)) {
        assertTrue(b.isOpen(), "new clients are let in after :resume");
      }
      assertFalse(server.log().contains("event=draining"), "no drain");
    }
  }
}
