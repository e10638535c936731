package dev.duet.application.port;

import java.time.Instant;
import java.util.List;

/**
 * Port: what moderators and the automatic protection did, written before the call returns, read
 * newest first. An entry never holds a report's text.
 */
public interface AuditLog {

  /**
   * One action: when, by whom (a moderator's name, or {@code automatic}), what ({@code ban}, {@code
   * shadow_ban}, {@code lift}, {@code dismiss}), to what (a ban, report or user id) and in short.
   */
  record Entry(
      String id, Instant at, String moderator, String action, String target, String detail) {}

  void record(Entry entry);

  List<Entry> page(int offset, int limit);
}
