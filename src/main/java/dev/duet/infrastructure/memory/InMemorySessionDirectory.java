package dev.duet.infrastructure.memory;

import dev.duet.application.port.SessionDirectory;
import dev.duet.application.settings.Settings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** The sessions of a single instance: all served here, none ever orphaned. */
@ApplicationScoped
@Typed(InMemorySessionDirectory.class)
public class InMemorySessionDirectory implements SessionDirectory {
  private final ConcurrentMap<String, Entry> entries = new ConcurrentHashMap<>();

  @Inject Settings settings;

  /** One for these settings, outside a container. */
  public static InMemorySessionDirectory of(Settings settings) {
    InMemorySessionDirectory made = new InMemorySessionDirectory();
    made.settings = settings;
    return made;
  }

  @Override
  public boolean claim(String userId, String sessionId, String tokenHash) {
    return entries.putIfAbsent(
            userId, new Entry(userId, sessionId, tokenHash, settings.cluster().instanceId()))
        == null;
  }

  @Override
  public Optional<Entry> find(String userId) {
    return Optional.ofNullable(entries.get(userId));
  }

  @Override
  public Optional<String> takeOver(String userId, String sessionId) {
    return find(userId).filter(e -> e.sessionId().equals(sessionId)).map(Entry::instance);
  }

  @Override
  public void release(String userId, String sessionId) {
    entries.computeIfPresent(
        userId, (id, entry) -> entry.sessionId().equals(sessionId) ? null : entry);
  }

  @Override
  public boolean renewLease() {
    return false;
  }

  @Override
  public List<Entry> adoptOrphans() {
    return List.of();
  }
}
