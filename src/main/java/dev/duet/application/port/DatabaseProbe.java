package dev.duet.application.port;

import java.time.Duration;
import java.util.Optional;

/** Port: whether the database answers a real query right now, and how far writes lag behind. */
public interface DatabaseProbe {

  /** Empty when the database answered; otherwise why it did not. */
  Optional<String> problem();

  /** Writes accepted and not yet committed. */
  int pendingWrites();

  /** How long the oldest write not yet committed has waited; zero when none waits. */
  Duration oldestPendingWrite();
}
