package dev.duet.application;

import dev.duet.application.port.DataRetention;
import dev.duet.application.settings.Settings;
import dev.duet.domain.Progress;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Start-up and periodic work: a single instance restores what its earlier run left (in a cluster,
 * the other instances adopt it instead) and puts the bans in force into the ban index; then removes
 * expired rooms, the records of sessions past {@code SESSION_RETENTION}, and what is past {@code
 * MATCH_RETENTION} and {@code REPORT_RETENTION} ({@link DataRetention}), counts the bans in force
 * and forgets idle rate limits every {@code CLEANUP_INTERVAL}; every 200 ms adopts the sessions of
 * dead instances, ends the sessions whose resume grace has run out and runs the matchmaker's tick
 * (interest fallbacks, cooldowns); and samples the {@link Activity} every minute, on Duet's own
 * container-managed scheduler ({@code java:app/duet/scheduler}, defined in {@code web.xml}; the
 * server's default one may be disabled). In a cluster it renews the instance's lease every second
 * on a thread of its own (from the container's managed thread factory), which waits for no lock, so
 * a busy scheduler never costs a live instance its sessions. It also tells whether the matchmaker
 * still makes progress, for liveness. Every task runs {@link Faults#guard guarded}: nothing it
 * throws stops it for good.
 */
@ApplicationScoped
public class Housekeeping {
  private static final Logger LOG = Logger.getLogger(Housekeeping.class.getName());

  @Resource(lookup = "java:app/duet/scheduler")
  ManagedScheduledExecutorService scheduler;

  @Resource ManagedThreadFactory threads;

  @Inject Settings settings;
  @Inject RoomService rooms;
  @Inject SessionService sessions;
  @Inject SessionHandover handover;

  private static final long MATCH_TICK_MILLIS = 200;
  private static final long LEASE_MILLIS = 1_000;
  private static final long SAMPLE_MILLIS = 60_000;

  @Inject MatchService matches;
  @Inject Activity activity;
  @Inject Faults faults;
  @Inject RateLimiter limiter;
  @Inject ModeratorActions moderation;
  @Inject DataRetention retention;

  private ScheduledFuture<?> cleanup;
  private ScheduledFuture<?> matching;
  private ScheduledFuture<?> sampling;
  private ScheduledExecutorService lease;
  private Instant startedAt;
  private volatile Instant lastMatchTick;
  private String tickFailure;

  @Inject Clock clock;

  void start(@Observes @Initialized(ApplicationScoped.class) Object event) {
    startedAt = clock.instant();
    lastMatchTick = startedAt;
    try {
      if (!settings.cluster().clustered()) {
        sessions.restore();
      }
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Could not restore the previous run's sessions: {0}", e.toString());
    }
    try {
      moderation.restore();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Could not put the bans in force: {0}", e.toString());
    }
    if (settings.cluster().clustered()) {
      lease = Executors.newSingleThreadScheduledExecutor(threads);
      lease.scheduleWithFixedDelay(
          faults.guard("lease renewal", this::renewLease), 0, LEASE_MILLIS, TimeUnit.MILLISECONDS);
    }
    long period = settings.rooms().cleanupInterval().toMillis();
    cleanup =
        scheduler.scheduleWithFixedDelay(
            faults.guard("clean-up", this::cleanUp), period, period, TimeUnit.MILLISECONDS);
    matching =
        scheduler.scheduleWithFixedDelay(
            faults.guard("matching tick", this::matchTick),
            MATCH_TICK_MILLIS,
            MATCH_TICK_MILLIS,
            TimeUnit.MILLISECONDS);
    sampling =
        scheduler.scheduleAtFixedRate(
            faults.guard("activity sample", activity::sample),
            0,
            SAMPLE_MILLIS,
            TimeUnit.MILLISECONDS);
    LOG.info("Duet started");
  }

  private void cleanUp() {
    limiter.sweep(System.nanoTime());
    moderation.recount();
    sessions.purgeEnded();
    Instant now = clock.instant();
    retention.purge(
        now.minus(settings.moderation().matchRetention()),
        now.minus(settings.moderation().reportRetention()));
    int removed = rooms.removeExpired();
    if (removed > 0) {
      LOG.log(Level.FINE, "Removed {0} expired rooms", removed);
    }
  }

  private void renewLease() {
    try {
      handover.renewLease();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Lease renewal failed: {0}", e.toString());
    }
  }

  void matchTick() {
    try {
      handover.adoptOrphans();
      sessions.expireGraces();
      matches.tick();
      lastMatchTick = clock.instant();
      if (tickFailure != null) {
        LOG.info("Grace and matching ticks work again after: " + tickFailure);
        tickFailure = null;
      }
    } catch (RuntimeException e) {
      if (!e.toString().equals(tickFailure)) {
        tickFailure = e.toString();
        LOG.log(Level.WARNING, "Grace or matching tick failed (said once until it changes)", e);
      }
    }
  }

  /**
   * Why the matchmaker counts as stuck (its periodic run has not completed for {@code
   * LIVENESS_TIMEOUT} while users wait), or empty when it is not.
   */
  public Optional<String> matchmakerStuck() {
    if (lastMatchTick == null) {
      return Optional.empty();
    }
    return Progress.stuck(
        "the matchmaker",
        lastMatchTick,
        clock.instant(),
        settings.matching().livenessTimeout(),
        matches.waiting());
  }

  /** When this run of Duet started. */
  public Instant startedAt() {
    return startedAt;
  }

  @PreDestroy
  void stop() {
    if (cleanup != null) {
      cleanup.cancel(false);
      matching.cancel(false);
      sampling.cancel(false);
    }
    if (lease != null) {
      lease.shutdownNow();
    }
  }
}
