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
    database.write(em -> em.merge(entity));
  }

  @Override
  public void markClosed(String sessionId, Instant at) {
    database.write(
        em ->
            em.createQuery(
                    "update SessionEntity s set s.state = :closed, s.lastSeenAt = :at"
                        + " where s.sessionId = :id")
                .setParameter("closed", SessionRecord.State.CLOSED)
                .setParameter("at", at.toEpochMilli())
                .setParameter("id", sessionId)
                .executeUpdate());
  }

  @Override
  public void closeAllOpen(Instant at) {
    database.write(
        em ->
            em.createQuery(
                    "update SessionEntity s set s.state = :closed, s.lastSeenAt = :at"
                        + " where s.state = :open")
                .setParameter("closed", SessionRecord.State.CLOSED)
                .setParameter("open", SessionRecord.State.OPEN)
                .setParameter("at", at.toEpochMilli())
                .executeUpdate());
  }

  @Override
  public void deleteClosedBefore(Instant before) {
    database.write(
        em ->
            em.createQuery(
                    "delete from SessionEntity s where s.state = :closed and s.lastSeenAt < :before")
                .setParameter("closed", SessionRecord.State.CLOSED)
                .setParameter("before", before.toEpochMilli())
                .executeUpdate());
  }
}
