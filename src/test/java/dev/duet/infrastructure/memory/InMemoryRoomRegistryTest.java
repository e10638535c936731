package dev.duet.infrastructure.memory;

import dev.duet.application.RoomRegistryContract;
import dev.duet.application.port.RoomRegistry;

class InMemoryRoomRegistryTest extends RoomRegistryContract {
  private final InMemoryRoomRegistry rooms = InMemoryRoomRegistry.of(SETTINGS);

  @Override
  protected RoomRegistry registry() {
    return rooms;
  }
}
