package dev.duet.infrastructure.redis;

import dev.duet.application.RoomRegistryContract;
import dev.duet.application.port.RoomRegistry;
import dev.duet.application.settings.Settings;
import dev.duet.testing.DuetServer;
import dev.duet.testing.Redis;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * The room rules against a real Redis; each {@link #registry()} has a connection of its own, as
 * each instance of a cluster does.
 */
class RedisRoomRegistryTest extends RoomRegistryContract {
  private static Redis redis;
  private final List<RedisConnection> connections = new ArrayList<>();

  @BeforeAll
  static void startRedis() {
    redis = Redis.start("room-registry-test");
  }

  @AfterAll
  static void stopRedis() {
    if (redis != null) {
      redis.close();
    }
  }

  static Settings settings(Redis redis, Map<String, String> more) {
    Map<String, String> values = new HashMap<>(more);
    values.put("ROOM_TTL", "10s");
    values.put("REDIS_URL", redis.url());
    values.put("JWT_SECRET", DuetServer.SHARED_JWT_SECRET);
    return Settings.of(values);
  }

  @BeforeEach
  void empty() {
    connection().commands().flushall();
  }

  @AfterEach
  void disconnect() {
    connections.forEach(RedisConnection::close);
  }

  private RedisConnection connection() {
    RedisConnection connection = RedisConnection.of(settings(redis, Map.of()));
    connections.add(connection);
    return connection;
  }

  @Override
  protected RoomRegistry registry() {
    return RedisRoomRegistry.of(connection(), settings(redis, Map.of()));
  }
}
