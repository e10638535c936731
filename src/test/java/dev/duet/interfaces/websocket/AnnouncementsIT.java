package dev.duet.interfaces.websocket;

import dev.duet.testing.DuetServer;
import dev.duet.testing.TestClient;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every announcement of a change of peers follows the change, on one server: {@link Announcements}
 * for each path, {@code duet.announcements.repetitions} times (default 500, enough to catch a 1 %
 * race). The grace path runs in 64 lanes, so the shared server's 3 s {@code RESUME_GRACE} is waited
 * eight times: more at once make As wait past the shared server's 1 s {@code INTEREST_FALLBACK} on
 * Payara Micro (16 of 500 pairs formed otherwise with 256 lanes).
 */
class AnnouncementsIT {
  static final int REPETITIONS = Integer.getInteger("duet.announcements.repetitions", 500);
  private final DuetServer server = DuetServer.shared();

  @BeforeEach
  void noStrangersLeft() {
    server.awaitNoStrangers();
  }

  @ParameterizedTest
  @EnumSource(Announcements.Path.class)
  @Timeout(240)
  void aReplyToAnAnnouncementIsJudgedByTheNewState(Announcements.Path path) throws Exception {
    int lanes = path == Announcements.Path.GRACE_TIMEOUT ? 64 : 4;
    Announcements.check(
        path,
        REPETITIONS,
        lanes,
        Duration.ofSeconds(120),
        new Announcements.Clients() {
          @Override
          public TestClient observer(int lane) {
            return TestClient.connect(server);
          }

          @Override
          public TestClient actor(int lane, int repetition) {
            return TestClient.connect(server);
          }
        });
  }
}
