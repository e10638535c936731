package dev.duet.interfaces.websocket;

import dev.duet.testing.Cluster;
import dev.duet.testing.DuetServer;
import dev.duet.testing.TestClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The load tests of random matching ({@link Strangers}) on a cluster of three instances sharing a
 * real Redis behind a real nginx, clients spread over all of them: the same invariants as on one
 * server, with one instance killed (SIGKILL) half way through the stress, its clients resuming
 * through nginx on the others; first, every {@link Announcements} path with the two clients on
 * different instances.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterLoadIT {
  private static final int SIZE = 3;
  private static final int KILLED = SIZE - 1;
  private static Cluster cluster;
  private static volatile boolean killed;
  private static volatile long madeByTheKilled;

  @BeforeAll
  static void start() {
    cluster =
        Cluster.start(
            "cluster-load",
            SIZE,
            Map.of(
                "REMATCH_COOLDOWN", "1s",
                "INTEREST_FALLBACK", "60s",
                "HEARTBEAT_INTERVAL", "1s",
                "CONNECTION_TIMEOUT", "6s",
                "RESUME_GRACE", "15s"));
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  private static List<DuetServer> live() {
    return killed ? cluster.instances().subList(0, KILLED) : cluster.instances();
  }

  private static final Strangers.Deployment CLUSTER =
      new Strangers.Deployment() {
        @Override
        public TestClient connect(int index) {
          List<DuetServer> live = live();
          return TestClient.connect(live.get(index % live.size()));
        }

        @Override
        public TestClient resume(String token) {
          return TestClient.connect(cluster.nginx().ws("token=" + token));
        }

        @Override
        public long stat(String name) {
          if (name.equals("waiting_users") || name.equals("active_matches")) {
            return cluster.instance(0).stat(name);
          }
          long live = live().stream().mapToLong(instance -> instance.stat(name)).sum();
          return name.equals("matches_made") && killed ? live + madeByTheKilled : live;
        }

        @Override
        public String stats() {
          return live().stream().map(DuetServer::stats).toList().toString();
        }

        @Override
        public String name() {
          return "cluster of " + live().size() + (killed ? " (one killed)" : "");
        }
      };

  private static Duration length() {
    return Duration.ofSeconds(Long.getLong("duet.stress.seconds", 60));
  }

  /**
   * {@link Announcements} across instances: A and B always on different ones (each lane's B on one
   * instance, its As on the other two by turns), each path 500 times. The grace path runs its 500
   * repetitions at once, so this cluster's 15 s {@code RESUME_GRACE} is waited once; {@code
   * INTEREST_FALLBACK} is long, so that no A waiting for its B is paired with another lane's.
   */
  @ParameterizedTest
  @EnumSource(Announcements.Path.class)
  @Order(0)
  @Timeout(240)
  void aReplyToAnAnnouncementFromAnotherInstanceIsJudgedByTheNewState(Announcements.Path path)
      throws Exception {
    int lanes = path == Announcements.Path.GRACE_TIMEOUT ? AnnouncementsIT.REPETITIONS : 6;
    Announcements.check(
        path,
        AnnouncementsIT.REPETITIONS,
        lanes,
        Duration.ofSeconds(150),
        new Announcements.Clients() {
          @Override
          public TestClient observer(int lane) {
            return TestClient.connect(cluster.instance(lane % SIZE));
          }

          @Override
          public TestClient actor(int lane, int repetition) {
            return TestClient.connect(cluster.instance((lane + 1 + repetition % 2) % SIZE));
          }
        });
  }

  @Test
  @Order(1)
  void aThousandClientsOnThreeInstancesAreEachMatchedExactlyOnce() throws Exception {
    Strangers.thousandAtOnce(CLUSTER);
  }

  /**
   * The randomized stress with clients on all three instances; half way one instance is killed and
   * its clients resume through nginx on the other two. Every invariant holds at the end; the
   * matches made count those of the killed instance up to a moment before it was killed.
   */
  @Test
  @Order(2)
  void randomChurnAcrossInstancesAndAnInstanceKilledHalfWayKeepEveryInvariant() throws Exception {
    Strangers.stress(
        CLUSTER,
        length(),
        () -> {
          madeByTheKilled = cluster.instance(KILLED).stat("matches_made");
          killed = true;
          cluster.instance(KILLED).kill();
        });
  }
}
