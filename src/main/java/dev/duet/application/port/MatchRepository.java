package dev.duet.application.port;

import dev.duet.domain.Match;
import dev.duet.domain.Report;
import java.time.Instant;
import java.util.List;

/**
 * Port: where matches and reports are recorded. Writes are applied in order in the background, off
 * the matching path; on a clean shutdown none is lost.
 */
public interface MatchRepository {

  void started(Match match);

  void ended(String matchId, Instant at, Match.End reason);

  void report(Report report);

  /** The matches recorded as started and not ended. */
  List<Match> findRunning();
}
