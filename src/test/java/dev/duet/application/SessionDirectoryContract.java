package dev.duet.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duet.application.port.SessionDirectory;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The rules every {@link SessionDirectory} keeps, in memory or in Redis: the same tests run against
 * each implementation.
 */
public abstract class SessionDirectoryContract {

  /** The directory as instance {@code instanceId} sees it; all share their entries. */
  protected abstract SessionDirectory directory(String instanceId);

  @Test
  void aUserIdIsHeldByOneSessionUntilThatSessionReleasesIt() {
    SessionDirectory here = directory("a");
    assertTrue(here.claim("ann", "s1", "h1"));
    assertFalse(here.claim("ann", "s2", "h2"));
    assertEquals(Optional.of(new SessionDirectory.Entry("ann", "s1", "h1", "a")), here.find("ann"));
    here.release("ann", "s2");
    assertFalse(here.claim("ann", "s3", "h3"), "another session cannot free it");
    here.release("ann", "s1");
    assertTrue(here.find("ann").isEmpty());
    assertTrue(here.claim("ann", "s4", "h4"));
  }

  @Test
  void onlyTheLiveSessionCanBeTakenOver() {
    SessionDirectory here = directory("a");
    here.claim("ann", "s1", "h1");
    assertEquals(Optional.of("a"), here.takeOver("ann", "s1"));
    assertTrue(here.takeOver("ann", "s0").isEmpty());
    assertTrue(here.takeOver("bob", "s1").isEmpty());
  }
}
