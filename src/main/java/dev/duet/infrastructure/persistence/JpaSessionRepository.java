package dev.duet.infrastructure.persistence;

import dev.duet.application.port.SessionRepository;
import dev.duet.domain.SessionRecord;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;

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
  public void mark(String sessionId, SessionRecord.State state, Instant at) {
    database.write(
        db ->
            db.createNativeMutationQuery(
                    "UPDATE sessions SET state = :state, last_seen_at = :at WHERE session_id = :id")
                .setParameter("state", state.name())
                .setParameter("at", at.toEpochMilli())
                .setParameter("id", sessionId)
                .executeUpdate());
  }

  @Override
  public List<SessionRecord> findLive() {
    return database.read(
        em ->
            em.createQuery(
                    "select s from SessionEntity s where s.state <> :closed", SessionEntity.class)
                .setParameter("closed", SessionRecord.State.CLOSED)
                .getResultStream()
                .map(SessionEntity::toRecord)
                .toList());
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
