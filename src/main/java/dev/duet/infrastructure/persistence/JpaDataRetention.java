package dev.duet.infrastructure.persistence;

import dev.duet.application.port.DataRetention;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;

/** Deletes the rows past their retention, as one queued write. */
@ApplicationScoped
public class JpaDataRetention implements DataRetention {

  @Inject JpaDatabase database;

  @Override
  public void purge(Instant matchesBefore, Instant moderationBefore) {
    long matches = matchesBefore.toEpochMilli();
    long moderation = moderationBefore.toEpochMilli();
    database.write(
        db -> {
          db.createMutationQuery("DELETE FROM MatchEntity m WHERE m.startedAt < :before")
              .setParameter("before", matches)
              .executeUpdate();
          db.createMutationQuery(
                  "DELETE FROM ReportEntity r WHERE r.status = :resolved AND r.resolvedAt < :before")
              .setParameter("resolved", ReportEntity.RESOLVED)
              .setParameter("before", moderation)
              .executeUpdate();
          db.createMutationQuery(
                  "DELETE FROM BanEntity b WHERE b.liftedAt < :before OR b.endsAt < :before")
              .setParameter("before", moderation)
              .executeUpdate();
          db.createMutationQuery("DELETE FROM SightingEntity s WHERE s.seenAt < :before")
              .setParameter("before", moderation)
              .executeUpdate();
          db.createMutationQuery("DELETE FROM AuditEntity a WHERE a.at < :before")
              .setParameter("before", moderation)
              .executeUpdate();
        });
  }
}
