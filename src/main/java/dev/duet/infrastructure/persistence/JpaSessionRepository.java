package dev.duet.infrastructure.persistence;

import dev.duet.application.port.SessionRepository;
import dev.duet.domain.SessionRecord;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import org.hibernate.StatelessSession;

/**
 * Sessions in the {@code sessions} table, written behind; a session is saved with one {@code INSERT
 * … ON CONFLICT} statement (SQLite and PostgreSQL), not Hibernate's update-then-insert.
 */
@ApplicationScoped
public class JpaSessionRepository implements SessionRepository {
  private static final String UPSERT =
      "INSERT INTO sessions (session_id, user_id, token_hash, created_at, last_seen_at, state)"
          + " VALUES (:id, :user, :hash, :created, :seen, :state) ON CONFLICT (session_id) DO"
          + " UPDATE SET user_id = excluded.user_id, token_hash = excluded.token_hash,"
          + " created_at = excluded.created_at, last_seen_at = excluded.last_seen_at,"
          + " state = excluded.state";

  @Inject JpaDatabase database;

  @Override
  public void save(SessionRecord session) {
    database.write(
        db ->
            db.createNativeMutationQuery(UPSERT)
                .setParameter("id", session.sessionId())
                .setParameter("user", session.userId())
                .setParameter("hash", session.tokenHash())
                .setParameter("created", session.createdAt().toEpochMilli())
                .setParameter("seen", session.lastSeenAt().toEpochMilli())
                .setParameter("state", session.state().name())
                .executeUpdate());
  }

  @Override
  public void mark(String sessionId, SessionRecord.State state, Instant at) {
    database.write(db -> update(db, sessionId, state, at));
  }

  private static void update(
      StatelessSession db, String sessionId, SessionRecord.State state, Instant at) {
    db.createNativeMutationQuery(
            "UPDATE sessions SET state = :state, last_seen_at = :at WHERE session_id = :id")
        .setParameter("state", state.name())
        .setParameter("at", at.toEpochMilli())
        .setParameter("id", sessionId)
        .executeUpdate();
  }

  @Override
  public List<SessionRecord> findLive() {
    return database.read(
        em ->
            em.createQuery(
                    "select s from SessionEntity s where s.state in (:open, :reconnecting)",
                    SessionEntity.class)
                .setParameter("open", SessionRecord.State.OPEN)
                .setParameter("reconnecting", SessionRecord.State.RECONNECTING)
                .getResultStream()
                .map(SessionEntity::toRecord)
                .toList());
  }

  @Override
  public void markLeft(String sessionId, Instant at) {
    database.writeNow(db -> update(db, sessionId, SessionRecord.State.LEFT, at));
  }

  @Override
  public boolean wasLeft(String sessionId) {
    return database.read(
        em ->
            !em.createQuery(
                    "select s.sessionId from SessionEntity s where s.sessionId = :id"
                        + " and s.state = :left",
                    String.class)
                .setParameter("id", sessionId)
                .setParameter("left", SessionRecord.State.LEFT)
                .getResultList()
                .isEmpty());
  }

  @Override
  public void deleteClosedBefore(Instant before) {
    database.write(
        db ->
            db.createNativeMutationQuery(
                    "DELETE FROM sessions WHERE state IN (:closed, :left) AND last_seen_at < :before")
                .setParameter("closed", SessionRecord.State.CLOSED.name())
                .setParameter("left", SessionRecord.State.LEFT.name())
                .setParameter("before", before.toEpochMilli())
                .executeUpdate());
  }
}
