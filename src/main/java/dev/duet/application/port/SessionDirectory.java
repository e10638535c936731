package dev.duet.application.port;

import java.util.List;
import java.util.Optional;

/**
 * Port: which instance serves each user's session. Through it a user id is held by one session in
 * the whole cluster, a session can be resumed on any instance, and the sessions of an instance that
 * died are taken over by a live one. Every operation is atomic across instances. A single instance
 * keeps it in memory and never finds an orphan.
 *
 * <p>Each instance holds a lease that it renews with {@link #renewLease}; an instance whose lease
 * ran out is dead, and the first live instance to look for orphans after that ({@link
 * #adoptOrphans}) adopts all its sessions, once.
 */
public interface SessionDirectory {

  /** A live session: its id, the SHA-256 hash of its token, and the instance serving it. */
  record Entry(String userId, String sessionId, String tokenHash, String instance) {}

  /**
   * Records a new session served by this instance; returns false, recording nothing, if another
   * session holds the user id.
   */
  boolean claim(String userId, String sessionId, String tokenHash);

  Optional<Entry> find(String userId);

  /**
   * Moves session {@code sessionId} to this instance; returns the instance that served it (this one
   * included), or empty if that session does not hold the user id any more.
   */
  Optional<String> takeOver(String userId, String sessionId);

  /** Session {@code sessionId} ended: frees its user id, if it still holds it. */
  void release(String userId, String sessionId);

  /**
   * Renews this instance's lease; returns true if the instance had to join the cluster again (it
   * had not yet, or the shared state was lost, as when Redis restarts empty). Called on a thread of
   * its own that waits for nothing else, so a busy instance never loses its lease.
   */
  boolean renewLease();

  /**
   * Adopts the sessions of instances whose lease ran out and returns them, now served by this
   * instance; each dead instance's sessions are adopted once, by one instance.
   */
  List<Entry> adoptOrphans();
}
