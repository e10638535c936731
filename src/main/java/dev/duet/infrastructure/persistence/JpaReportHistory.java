package dev.duet.infrastructure.persistence;

import dev.duet.application.port.ReportHistory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The rows of {@code reports}: read on the caller's thread; resolved by one conditional update, so
 * of two moderators resolving the same report at once only one does.
 */
@ApplicationScoped
public class JpaReportHistory implements ReportHistory {
  private static final Duration DAY = Duration.ofDays(1);

  @Inject JpaDatabase database;

  @Override
  public List<Entry> page(boolean resolved, Instant now, int offset, int limit) {
    return database.read(
        db ->
            db
                .createQuery(
                    "SELECT r FROM ReportEntity r WHERE r.status = :status"
                        + " ORDER BY r.createdAt DESC, r.id",
                    ReportEntity.class)
                .setParameter("status", resolved ? ReportEntity.RESOLVED : ReportEntity.OPEN)
                .setFirstResult(offset)
                .setMaxResults(limit)
                .getResultList()
                .stream()
                .map(entity -> entry(db, entity, now))
                .toList());
  }

  @Override
  public Optional<Entry> find(String id, Instant now) {
    return database.read(
        db ->
            Optional.ofNullable(db.find(ReportEntity.class, id))
                .map(entity -> entry(db, entity, now)));
  }

  @Override
  public boolean resolve(String id, Resolution resolution) {
    return database.transaction(
        db ->
            db.createMutationQuery(
                        "UPDATE ReportEntity r SET r.status = :resolved, r.resolvedAt = :at,"
                            + " r.resolvedBy = :by, r.resolution = :action,"
                            + " r.resolutionNote = :note, r.banId = :ban"
                            + " WHERE r.id = :id AND r.status = :open")
                    .setParameter("resolved", ReportEntity.RESOLVED)
                    .setParameter("at", resolution.at().toEpochMilli())
                    .setParameter("by", resolution.by())
                    .setParameter("action", resolution.action())
                    .setParameter("note", resolution.note())
                    .setParameter("ban", resolution.banId())
                    .setParameter("id", id)
                    .setParameter("open", ReportEntity.OPEN)
                    .executeUpdate()
                == 1);
  }

  private static Entry entry(EntityManager db, ReportEntity entity, Instant now) {
    long reporters =
        db.createQuery(
                "SELECT COUNT(DISTINCT r.reporter) FROM ReportEntity r"
                    + " WHERE r.reported = :reported AND r.createdAt > :since",
                Long.class)
            .setParameter("reported", entity.reported())
            .setParameter("since", now.minus(DAY).toEpochMilli())
            .getSingleResult();
    return new Entry(entity.toReport(), entity.resolution(), reporters);
  }
}
