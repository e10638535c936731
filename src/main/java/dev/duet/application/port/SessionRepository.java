package dev.duet.application.port;

import dev.duet.domain.SessionRecord;
import java.time.Instant;
import java.util.List;

/**
 * Port: where sessions are recorded. Writes are applied in order in the background; only a hash of
 * the token is ever given to it.
 */
public interface SessionRepository {

  void save(SessionRecord session);

  /** Records the session's state as of {@code at}. */
  void mark(String sessionId, SessionRecord.State state, Instant at);

  /** The sessions recorded as not closed: those an earlier run left open or reconnecting. */
  List<SessionRecord> findLive();

  /**
   * Records that the user ended the session with {@code leave} ({@code LEFT}), written before this
   * returns, so that its token is refused at once, on every instance.
   */
  void markLeft(String sessionId, Instant at);

  /**
   * Whether the session was ended with {@code leave} (its record is kept {@code
   * SESSION_RETENTION}).
   */
  boolean wasLeft(String sessionId);

  /** Forgets sessions that ended before {@code before}. */
  void deleteClosedBefore(Instant before);
}
