package dev.duet.infrastructure.persistence;

import dev.duet.application.SessionRepository;
import dev.duet.domain.SessionRecord;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;

/** Sessions in the {@code sessions} table, written behind. */
@ApplicationScoped
public class JpaSessionRepository implements SessionRepository {

  @Inject JpaDatabase database;

  @Override
  public void save(SessionRecord session) {
    SessionEntity entity = SessionEntity.of(session);
    database.write(db -> db.upsert(entity));
  }

  @Override
  public void markClosed(String sessionId, Instant at) {
    database.write(
        db ->
            db.createNativeMutationQuery(
                    "UPDATE sessions SET state = :closed, last_seen_at = :at WHERE session_id = :id")
                .setParameter("closed", SessionRecord.State.CLOSED.name())
                .setParameter("at", at.toEpochMilli())
                .setParameter("id", sessionId)
                .executeUpdate());
  }

  @Override
  public void closeAllOpen(Instant at) {
    database.write(
        db ->
            db.createNativeMutationQuery(
                    "UPDATE sessions SET state = :closed, last_seen_at = :at WHERE state = :open")
                .setParameter("closed", SessionRecord.State.CLOSED.name())
                .setParameter("open", SessionRecord.State.OPEN.name())
                .setParameter("at", at.toEpochMilli())
                .executeUpdate());
  }

  @Override
  public void deleteClosedBefore(Instant before) {
    database.write(
        db ->
            db.createNativeMutationQuery(
                    "DELETE FROM sessions WHERE state = :closed AND last_seen_at < :before")
                .setParameter("closed", SessionRecord.State.CLOSED.name())
                .setParameter("before", before.toEpochMilli())
                .executeUpdate());
  }
}
