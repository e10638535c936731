package dev.duet.application.port;

import dev.duet.domain.Ban;
import dev.duet.domain.Visitor;
import java.time.Instant;
import java.util.List;

/**
 * Port: the bans in force, found by subject at every connection and every random-match request. In
 * a cluster every instance sees a ban as soon as {@link #put} returns (Redis); a single instance
 * keeps them in memory. Bans leave by themselves once over; a lifted ban is {@link #remove}d.
 * Lookups cost one round trip at most, whatever the number of bans.
 */
public interface BanIndex {

  /** Makes the ban count (again); a ban already over at {@code now} is not kept. */
  void put(Ban ban, Instant now);

  /** Stops the ban counting. */
  void remove(Ban ban);

  /** The bans held to any of these subjects that are in force at {@code now}. */
  List<Ban> find(List<Visitor.Subject> subjects, Instant now);
}
