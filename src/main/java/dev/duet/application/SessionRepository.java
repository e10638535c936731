package dev.duet.application;

import dev.duet.domain.SessionRecord;
import java.time.Instant;

/**
 * Port: where sessions are recorded. Writes are applied in order in the background; only a hash of
 * the token is ever given to it.
 */
public interface SessionRepository {

  void save(SessionRecord session);

  /** Records that the session ended at {@code at}. */
  void markClosed(String sessionId, Instant at);

  /** Marks every session still recorded as open closed at {@code at} (after a restart). */
  void closeAllOpen(Instant at);

  /** Forgets sessions that ended before {@code before}. */
  void deleteClosedBefore(Instant before);
}
