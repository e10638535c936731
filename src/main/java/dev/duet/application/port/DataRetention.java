package dev.duet.application.port;

import java.time.Instant;

/**
 * Port: forgets what is kept only for a while. Applied in the background, in order with the other
 * writes.
 */
public interface DataRetention {

  /**
   * Forgets the matches that started before {@code matchesBefore}; and, from before {@code
   * moderationBefore}: resolved reports (by when they were resolved; open ones wait for a
   * moderator), bans that ended or were lifted, where user ids were seen, and audit entries.
   */
  void purge(Instant matchesBefore, Instant moderationBefore);
}
