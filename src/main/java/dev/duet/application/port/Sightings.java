package dev.duet.application.port;

import dev.duet.domain.Visitor;
import java.time.Instant;
import java.util.Optional;

/**
 * Port: where each user id was last seen (its device id and network keys, never an address), so a
 * moderator can ban the device or network of a user id. Writes are applied in the background.
 */
public interface Sightings {

  /** The visitor, with its user id, was seen at {@code at}. */
  void seen(Visitor visitor, Instant at);

  /** Where the user id was last seen. */
  Optional<Visitor> last(String userId);
}
