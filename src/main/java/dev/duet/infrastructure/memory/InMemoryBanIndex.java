package dev.duet.infrastructure.memory;

import dev.duet.application.port.BanIndex;
import dev.duet.domain.Ban;
import dev.duet.domain.Visitor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The bans in force of a single instance, by subject; a ban over is dropped when its subject is
 * looked up.
 */
@ApplicationScoped
@Typed(InMemoryBanIndex.class)
public class InMemoryBanIndex implements BanIndex {
  private final Map<Visitor.Subject, Map<String, Ban>> bySubject = new HashMap<>();

  @Override
  public synchronized void put(Ban ban, Instant now) {
    if (ban.activeAt(now)) {
      bySubject.computeIfAbsent(subject(ban), s -> new HashMap<>()).put(ban.id(), ban);
    }
  }

  @Override
  public synchronized void remove(Ban ban) {
    Map<String, Ban> bans = bySubject.get(subject(ban));
    if (bans != null) {
      bans.remove(ban.id());
      if (bans.isEmpty()) {
        bySubject.remove(subject(ban));
      }
    }
  }

  @Override
  public synchronized List<Ban> find(List<Visitor.Subject> subjects, Instant now) {
    List<Ban> found = new ArrayList<>();
    for (Visitor.Subject subject : subjects) {
      Map<String, Ban> bans = bySubject.get(subject);
      if (bans != null) {
        bans.values().removeIf(ban -> !ban.activeAt(now));
        found.addAll(bans.values());
        if (bans.isEmpty()) {
          bySubject.remove(subject);
        }
      }
    }
    return found;
  }

  private static Visitor.Subject subject(Ban ban) {
    return new Visitor.Subject(ban.scope(), ban.subject());
  }
}
