package dev.duet.infrastructure.redis;

import dev.duet.application.RoomRegistryContract;
import dev.duet.application.port.RoomRegistry;
import dev.duet.testing.FreshRedis;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The room rules against a real Redis; each {@link #registry()} has a connection of its own, as
 * each instance of a cluster does.
 */
class RedisRoomRegistryTest extends RoomRegistryContract {
  @RegisterExtension static final FreshRedis redis = new FreshRedis("room-registry-test");

  @Override
  protected RoomRegistry registry() {
    return RedisRoomRegistry.of(redis.connection(), redis.settings());
  }
}
