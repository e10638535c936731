package dev.duet.infrastructure.memory;

import dev.duet.application.MatchQueueContract;
import dev.duet.application.port.MatchQueue;
import dev.duet.application.settings.Settings;

class InMemoryMatchQueueTest extends MatchQueueContract {

  @Override
  protected MatchQueue queue() {
    return InMemoryMatchQueue.of(Settings.of(CONFIG));
  }
}
