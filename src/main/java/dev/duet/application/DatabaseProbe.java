package dev.duet.application;

import java.util.Optional;

/** Port: whether the database answers a real query right now. */
public interface DatabaseProbe {

  /** Empty when the database answered; otherwise why it did not. */
  Optional<String> problem();
}
