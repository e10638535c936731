package dev.duet.application.port;

import dev.duet.domain.Ban;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Port: the record of bans, in the database. Every write is applied before the call returns (a
 * moderator's action is durable once answered). The live check of connections asks {@link
 * BanIndex}, which is filled from here at start-up.
 */
public interface BanRepository {

  /** Records a new ban, or the new state of one (lifted). */
  void save(Ban ban);

  Optional<Ban> find(String id);

  /** The bans in force at {@code now}, newest first. */
  List<Ban> active(Instant now);

  /** Bans newest first, in force at {@code now} or all of them, from {@code offset}. */
  List<Ban> page(boolean activeOnly, Instant now, int offset, int limit);
}
