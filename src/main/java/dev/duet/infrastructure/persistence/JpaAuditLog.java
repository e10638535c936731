package dev.duet.infrastructure.persistence;

import dev.duet.application.port.AuditLog;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;

/** The {@code audit_log} table, written on the caller's thread. */
@ApplicationScoped
public class JpaAuditLog implements AuditLog {

  @Inject JpaDatabase database;

  @Override
  public void record(Entry entry) {
    database.transaction(
        db -> {
          db.insert(AuditEntity.of(entry));
          return null;
        });
  }

  @Override
  public List<Entry> page(int offset, int limit) {
    return database.read(
        db ->
            db
                .createQuery(
                    "SELECT a FROM AuditEntity a ORDER BY a.at DESC, a.id", AuditEntity.class)
                .setFirstResult(offset)
                .setMaxResults(limit)
                .getResultList()
                .stream()
                .map(AuditEntity::toEntry)
                .toList());
  }
}
