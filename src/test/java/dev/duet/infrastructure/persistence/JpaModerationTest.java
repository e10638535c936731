package dev.duet.infrastructure.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duet.application.port.AuditLog;
import dev.duet.application.port.ReportHistory;
import dev.duet.domain.Ban;
import dev.duet.domain.BanScope;
import dev.duet.domain.Match;
import dev.duet.domain.Report;
import dev.duet.domain.Visitor;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Moderation's tables in a real SQLite file: bans saved, found in force and lifted; a report
 * resolved once, with the count of its reported user's reporters; where a user was seen; the audit
 * log newest first; and what is past its retention forgotten, nothing else.
 */
@Timeout(60)
class JpaModerationTest {
  private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");
  @TempDir Path folder;
  private JpaDatabase database;
  private final JpaBanRepository bans = new JpaBanRepository();
  private final JpaReportHistory reports = new JpaReportHistory();
  private final JpaMatchRepository matches = new JpaMatchRepository();
  private final JpaSightings sightings = new JpaSightings();
  private final JpaAuditLog audit = new JpaAuditLog();
  private final JpaDataRetention retention = new JpaDataRetention();

  @BeforeEach
  void start() {
    database = open();
    bans.database = database;
    reports.database = database;
    matches.database = database;
    sightings.database = database;
    audit.database = database;
    retention.database = database;
  }

  @AfterEach
  void stop() {
    database.stop();
  }

  private JpaDatabase open() {
    return JpaDatabaseTest.openIn(folder);
  }

  private void flushed() {
    database.writeNow(session -> {});
  }

  private static Report report(String id, String reporter, String reported, Instant at) {
    return new Report(id, reporter, reported, "m-" + id, "words", at);
  }

  @Test
  void bansAreInForceUntilTheyEndOrAreLifted() {
    Ban hour =
        Ban.of(
            BanScope.DEVICE, "d1", false, "r", "Ann", NOW, Optional.of(Duration.ofHours(1)), "u1");
    Ban forever =
        Ban.of(BanScope.USER, "u2", true, "r", "Ann", NOW.plusSeconds(1), Optional.empty(), null);
    bans.save(hour);
    bans.save(forever);
    assertEquals(List.of(forever, hour), bans.active(NOW.plusSeconds(2)));
    assertEquals(List.of(forever), bans.active(NOW.plus(Duration.ofHours(1))));
    Ban lifted = forever.lift("Bo", NOW.plusSeconds(5));
    bans.save(lifted);
    assertEquals(Optional.of(lifted), bans.find(forever.id()));
    assertEquals(List.of(hour), bans.page(true, NOW.plusSeconds(6), 0, 10));
    assertEquals(List.of(lifted, hour), bans.page(false, NOW.plusSeconds(6), 0, 10));
    assertEquals(List.of(hour), bans.page(false, NOW.plusSeconds(6), 1, 10));
  }

  @Test
  void aReportIsResolvedOnceAndCountsItsUsersReporters() {
    matches.report(report("a1", "r1", "bad", NOW.minus(Duration.ofHours(30))));
    matches.report(report("a2", "r2", "bad", NOW.minus(Duration.ofHours(2))));
    matches.report(report("a3", "r3", "bad", NOW.minus(Duration.ofHours(1))));
    matches.report(report("a4", "r3", "bad", NOW.minusSeconds(60)));
    matches.report(report("b1", "r1", "other", NOW));
    flushed();
    List<ReportHistory.Entry> open = reports.page(false, NOW, 0, 10);
    assertEquals(
        List.of("b1", "a4", "a3", "a2", "a1"), open.stream().map(e -> e.report().id()).toList());
    assertEquals(2, open.get(1).reportersLastDay(), "r2 and r3 within the day; r1's is older");
    ReportHistory.Resolution ban = new ReportHistory.Resolution("BAN", "Ann", NOW, "note", "ban-1");
    assertTrue(reports.resolve("a4", ban));
    assertFalse(
        reports.resolve("a4", new ReportHistory.Resolution("DISMISS", "Bo", NOW, null, null)));
    assertFalse(reports.resolve("nope", ban));
    assertEquals(ban, reports.find("a4", NOW).orElseThrow().resolution());
    assertEquals(
        List.of("a4"), reports.page(true, NOW, 0, 10).stream().map(e -> e.report().id()).toList());
  }

  @Test
  void theLatestSightingOfAUserIsKept() {
    sightings.seen(new Visitor("u1", "d1", "n1", null), NOW);
    sightings.seen(new Visitor("u1", "d2", "n2", "w2"), NOW.plusSeconds(1));
    flushed();
    assertEquals(Optional.of(new Visitor("u1", "d2", "n2", "w2")), sightings.last("u1"));
    assertEquals(Optional.empty(), sightings.last("u9"));
  }

  @Test
  void whatIsPastItsRetentionIsForgottenAndNothingElse() {
    Instant old = NOW.minus(Duration.ofDays(100));
    audit.record(new AuditLog.Entry("e-old", old, "Ann", "ban", "x", "d"));
    audit.record(new AuditLog.Entry("e-new", NOW, "Ann", "lift", "x", "d"));
    Ban ended =
        Ban.of(BanScope.USER, "u1", false, "r", "Ann", old, Optional.of(Duration.ofDays(1)), null);
    Ban running = Ban.of(BanScope.USER, "u2", false, "r", "Ann", old, Optional.empty(), null);
    bans.save(ended);
    bans.save(running);
    matches.report(report("old-open", "r1", "bad", old));
    matches.report(report("old-resolved", "r2", "bad", old));
    matches.started(new Match("m-old", "a", "b", NOW.minus(Duration.ofDays(31)), List.of()));
    matches.started(new Match("m-new", "a", "b", NOW.minus(Duration.ofDays(29)), List.of()));
    matches.ended("m-new", NOW.minus(Duration.ofDays(29)), Match.End.SKIPPED);
    sightings.seen(new Visitor("gone", "d", "n", null), old);
    sightings.seen(new Visitor("here", "d", "n", null), NOW);
    flushed();
    reports.resolve(
        "old-resolved", new ReportHistory.Resolution("DISMISS", "Ann", old, null, null));
    retention.purge(NOW.minus(Duration.ofDays(30)), NOW.minus(Duration.ofDays(90)));
    flushed();
    assertEquals(List.of("e-new"), audit.page(0, 10).stream().map(AuditLog.Entry::id).toList());
    assertEquals(List.of(running), bans.page(false, NOW, 0, 10));
    assertEquals(
        List.of("old-open"),
        reports.page(false, NOW, 0, 10).stream().map(e -> e.report().id()).toList());
    assertEquals(List.of(), reports.page(true, NOW, 0, 10));
    assertEquals(Optional.empty(), sightings.last("gone"));
    assertEquals(
        List.of("m-new"),
        database.read(
            db -> db.createQuery("SELECT m.id FROM MatchEntity m", String.class).getResultList()));
    assertTrue(sightings.last("here").isPresent());
  }
}
