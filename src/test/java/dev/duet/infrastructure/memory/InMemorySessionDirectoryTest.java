package dev.duet.infrastructure.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.duet.application.SessionDirectoryContract;
import dev.duet.application.port.SessionDirectory;
import dev.duet.application.settings.Settings;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InMemorySessionDirectoryTest extends SessionDirectoryContract {
  private InMemorySessionDirectory directory;

  @Override
  protected SessionDirectory directory(String instanceId) {
    if (directory == null) {
      directory = InMemorySessionDirectory.of(Settings.of(Map.of("INSTANCE_ID", instanceId)));
    }
    return directory;
  }

  @Test
  void aSingleInstanceNeverAdoptsAnything() {
    directory("a").claim("ann", "s1", "h1");
    assertFalse(directory("a").renewLease());
    assertEquals(List.of(), directory("a").adoptOrphans());
  }
}
