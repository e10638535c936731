package dev.duet.infrastructure;

import dev.duet.application.port.BanIndex;
import dev.duet.application.port.ChurnCounts;
import dev.duet.application.port.ConnectBuckets;
import dev.duet.application.port.MatchQueue;
import dev.duet.application.port.Relay;
import dev.duet.application.port.ReportCounts;
import dev.duet.application.port.RoomRegistry;
import dev.duet.application.port.SessionDirectory;
import dev.duet.application.settings.Settings;
import dev.duet.infrastructure.memory.InMemoryBanIndex;
import dev.duet.infrastructure.memory.InMemoryChurnCounts;
import dev.duet.infrastructure.memory.InMemoryConnectBuckets;
import dev.duet.infrastructure.memory.InMemoryMatchQueue;
import dev.duet.infrastructure.memory.InMemoryRelay;
import dev.duet.infrastructure.memory.InMemoryReportCounts;
import dev.duet.infrastructure.memory.InMemoryRoomRegistry;
import dev.duet.infrastructure.memory.InMemorySessionDirectory;
import dev.duet.infrastructure.redis.RedisBanIndex;
import dev.duet.infrastructure.redis.RedisChurnCounts;
import dev.duet.infrastructure.redis.RedisConnectBuckets;
import dev.duet.infrastructure.redis.RedisMatchQueue;
import dev.duet.infrastructure.redis.RedisRelay;
import dev.duet.infrastructure.redis.RedisReportCounts;
import dev.duet.infrastructure.redis.RedisRoomRegistry;
import dev.duet.infrastructure.redis.RedisSessionDirectory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;

/**
 * Chooses, once at start-up, the implementation of each port whose state a cluster shares: the
 * Redis one when {@code REDIS_URL} is set, else the in-memory one. Implementations are beans of
 * their own class only ({@code @Typed}), so each port has exactly one bean: the one made here.
 */
@ApplicationScoped
public class Wiring {

  @Produces
  @ApplicationScoped
  Relay relay(Settings settings, Instance<InMemoryRelay> memory, Instance<RedisRelay> redis) {
    return settings.cluster().clustered() ? redis.get() : memory.get();
  }

  @Produces
  @ApplicationScoped
  SessionDirectory sessionDirectory(
      Settings settings,
      Instance<InMemorySessionDirectory> memory,
      Instance<RedisSessionDirectory> redis) {
    return settings.cluster().clustered() ? redis.get() : memory.get();
  }

  @Produces
  @ApplicationScoped
  MatchQueue matchQueue(
      Settings settings, Instance<InMemoryMatchQueue> memory, Instance<RedisMatchQueue> redis) {
    return settings.cluster().clustered() ? redis.get() : memory.get();
  }

  @Produces
  @ApplicationScoped
  RoomRegistry roomRegistry(
      Settings settings, Instance<InMemoryRoomRegistry> memory, Instance<RedisRoomRegistry> redis) {
    return settings.cluster().clustered() ? redis.get() : memory.get();
  }

  @Produces
  @ApplicationScoped
  ConnectBuckets connectBuckets(
      Settings settings,
      Instance<InMemoryConnectBuckets> memory,
      Instance<RedisConnectBuckets> redis) {
    return settings.cluster().clustered() ? redis.get() : memory.get();
  }

  @Produces
  @ApplicationScoped
  BanIndex banIndex(
      Settings settings, Instance<InMemoryBanIndex> memory, Instance<RedisBanIndex> redis) {
    return settings.cluster().clustered() ? redis.get() : memory.get();
  }

  @Produces
  @ApplicationScoped
  ReportCounts reportCounts(
      Settings settings, Instance<InMemoryReportCounts> memory, Instance<RedisReportCounts> redis) {
    return settings.cluster().clustered() ? redis.get() : memory.get();
  }

  @Produces
  @ApplicationScoped
  ChurnCounts churnCounts(
      Settings settings, Instance<InMemoryChurnCounts> memory, Instance<RedisChurnCounts> redis) {
    return settings.cluster().clustered() ? redis.get() : memory.get();
  }
}
