package dev.duet.infrastructure.redis;

import dev.duet.application.port.ReportCounts;
import io.lettuce.core.ScriptOutputType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;

/** The report counts of a cluster: one sorted set per reported user ({@code report-count.lua}). */
@ApplicationScoped
@Typed(RedisReportCounts.class)
public class RedisReportCounts implements ReportCounts {
  private static final RedisScript COUNT = RedisScript.load("report-count.lua");

  @Inject RedisConnection redis;

  /** Counts on this connection, outside a container (tests). */
  public static RedisReportCounts of(RedisConnection redis) {
    RedisReportCounts counts = new RedisReportCounts();
    counts.redis = redis;
    return counts;
  }

  @Override
  public int add(String reported, String reporter, Instant now, Duration window) {
    Long count =
        COUNT.run(
            redis.commands(),
            ScriptOutputType.INTEGER,
            reported,
            reporter,
            Long.toString(now.toEpochMilli()),
            Long.toString(window.toMillis()));
    return count.intValue();
  }
}
