package dev.duet.infrastructure.persistence;

import dev.duet.application.port.ReportHistory;
import dev.duet.domain.Report;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;

/** The latest rows of {@code reports}, read on the caller's thread. */
@ApplicationScoped
public class JpaReportHistory implements ReportHistory {

  @Inject JpaDatabase database;

  @Override
  public List<Report> latest(int limit) {
    return database.read(
        db ->
            db
                .createQuery(
                    "SELECT r FROM ReportEntity r ORDER BY r.createdAt DESC, r.id",
                    ReportEntity.class)
                .setMaxResults(limit)
                .getResultList()
                .stream()
                .map(ReportEntity::toReport)
                .toList());
  }
}
