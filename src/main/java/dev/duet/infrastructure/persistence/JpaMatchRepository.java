package dev.duet.infrastructure.persistence;

import dev.duet.application.port.MatchRepository;
import dev.duet.domain.Match;
import dev.duet.domain.Report;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;

/** Matches and reports in the {@code matches} and {@code reports} tables, written behind. */
@ApplicationScoped
public class JpaMatchRepository implements MatchRepository {

  @Inject JpaDatabase database;

  @Override
  public void started(Match match) {
    MatchEntity entity = MatchEntity.of(match);
    database.write(db -> db.insert(entity));
  }

  @Override
  public void ended(String matchId, Instant at, Match.End reason) {
    database.write(
        db ->
            db.createNativeMutationQuery(
                    "UPDATE matches SET ended_at = :at, end_reason = :reason WHERE id = :id")
                .setParameter("at", at.toEpochMilli())
                .setParameter("reason", reason.name())
                .setParameter("id", matchId)
                .executeUpdate());
  }

  @Override
  public List<Match> findRunning() {
    return database.read(
        em ->
            em.createQuery("select m from MatchEntity m where m.endedAt is null", MatchEntity.class)
                .getResultStream()
                .map(MatchEntity::toMatch)
                .toList());
  }

  @Override
  public void report(Report report) {
    ReportEntity entity = ReportEntity.of(report);
    database.write(db -> db.insert(entity));
  }
}
