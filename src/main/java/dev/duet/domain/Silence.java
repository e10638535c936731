package dev.duet.domain;

import java.time.Duration;
import java.util.OptionalLong;

/**
 * The silence rule of the heartbeat: a connection is silent, and dropped, when nothing (no message,
 * no pong) arrived from it for {@code CONNECTION_TIMEOUT} while it was pinged every {@code
 * HEARTBEAT_INTERVAL}. A heartbeat that ran late by more than its slack (half of {@code
 * CONNECTION_TIMEOUT - HEARTBEAT_INTERVAL}, at least a second) sent no pings meanwhile, as when its
 * thread was starved or the process paused, so silence counts again only from the beat after that
 * stall: nobody is dropped for the server's own delay. Times are {@link System#nanoTime} values,
 * passed in.
 */
public final class Silence {
  private final long timeout;
  private final long lateAfter;
  private long lastBeat;
  private long countsFrom;

  /**
   * A rule for beats every {@code period} that ping each connection every {@code interval}, first
   * beat due a period after {@code startedAt}.
   */
  public Silence(Duration interval, Duration timeout, Duration period, long startedAt) {
    this.timeout = timeout.toNanos();
    long slack = Math.max(Duration.ofSeconds(1).toNanos(), (this.timeout - interval.toNanos()) / 2);
    this.lateAfter = period.toNanos() + slack;
    this.lastBeat = startedAt;
    this.countsFrom = startedAt;
  }

  /**
   * A beat at {@code now}: the time before which a connection that has heard nothing since is
   * silent, or empty when nobody may be dropped yet (less than {@code CONNECTION_TIMEOUT} since the
   * start or since the last stall).
   */
  public OptionalLong beat(long now) {
    if (now - lastBeat > lateAfter) {
      countsFrom = now;
    }
    lastBeat = now;
    return now - countsFrom < timeout ? OptionalLong.empty() : OptionalLong.of(now - timeout);
  }
}
