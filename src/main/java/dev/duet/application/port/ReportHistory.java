package dev.duet.application.port;

import dev.duet.domain.Report;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Port: the reports users made of their partners, as recorded, for moderators to read and resolve.
 * A report is open until a moderator resolves it, once.
 */
public interface ReportHistory {

  /** What a moderator did with a report: {@code DISMISS}, {@code BAN} or {@code SHADOW_BAN}. */
  record Resolution(String action, String by, Instant at, String note, String banId) {}

  /**
   * A report as moderators read it: with its resolution (null while open) and how many distinct
   * users reported the same user within the day before it was read.
   */
  record Entry(Report report, Resolution resolution, long reportersLastDay) {}

  /** Reports newest first, open ones or resolved ones, from {@code offset}. */
  List<Entry> page(boolean resolved, Instant now, int offset, int limit);

  Optional<Entry> find(String id, Instant now);

  /**
   * Resolves an open report; returns false if it is not open (resolved already, or unknown).
   * Applied before the call returns.
   */
  boolean resolve(String id, Resolution resolution);
}
