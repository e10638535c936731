package dev.duet.infrastructure.memory;

import dev.duet.application.RoomRegistry;
import dev.duet.application.RoomRegistryContract;

class InMemoryRoomRegistryTest extends RoomRegistryContract {
  private final InMemoryRoomRegistry rooms = InMemoryRoomRegistry.of(SETTINGS);

  @Override
  protected RoomRegistry registry() {
    return rooms;
  }
}
