package dev.duet.application;

import dev.duet.application.port.AuditLog;
import dev.duet.application.port.BanIndex;
import dev.duet.application.port.BanRepository;
import dev.duet.application.port.ReportCounts;
import dev.duet.application.port.ReportHistory;
import dev.duet.application.port.Sightings;
import dev.duet.application.settings.Settings;
import dev.duet.domain.Ban;
import dev.duet.domain.BanScope;
import dev.duet.domain.Identifiers;
import dev.duet.domain.Report;
import dev.duet.domain.Visitor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * What moderators do, and the automatic protection.
 *
 * <p>A ban is recorded in the {@link BanRepository} first, then put in the {@link BanIndex} (every
 * instance sees it from then on), then the live sessions on this instance it applies to are {@link
 * Expelled}; sessions on other instances meet it at their next random-match request or connection.
 * A ban of a device or network names a user id: the one whose last device or address ({@link
 * Sightings}) is meant. Lifting a ban takes it out of the index. A report is resolved once:
 * dismissed, or with a ban or shadow ban of its reported user. Every action is written to the
 * {@link AuditLog} and logged in one line, never with a report's text.
 *
 * <p>Automatic protection: when {@code AUTO_BAN_REPORTS} distinct users reported a user within
 * {@code AUTO_BAN_WINDOW} ({@link ReportCounts}, cluster-wide), the user is shadow-banned for
 * {@code AUTO_BAN_DURATION} by {@value Ban#AUTOMATIC}, unless a ban of that user is in force.
 */
@ApplicationScoped
public class ModeratorActions {
  private static final Logger LOG = Logger.getLogger(ModeratorActions.class.getName());

  @Inject Clock clock;
  @Inject Settings settings;
  @Inject BanRepository bans;
  @Inject BanIndex index;
  @Inject AuditLog audit;
  @Inject ReportHistory reports;
  @Inject ReportCounts counts;
  @Inject Sightings sightings;
  @Inject LiveSessions live;
  @Inject BotGate botGate;
  @Inject Event<Expelled> expelled;

  private volatile Map<BanScope, Integer> activeCounts = new EnumMap<>(BanScope.class);
  private volatile boolean restored;

  /** What a moderator asks to ban. */
  public record BanOrder(
      BanScope scope,
      String userId,
      boolean shadow,
      boolean wideNetwork,
      String length,
      String reason) {}

  /** A moderator's order could not be carried out as given, and why. */
  public static final class Refused extends RuntimeException {
    /** Why: the order is malformed or not allowed, names what does not exist, or was done. */
    public enum Why {
      MALFORMED,
      MISSING,
      DONE
    }

    private final Why why;

    Refused(String message, Why why) {
      super(message, null, false, false);
      this.why = why;
    }

    public Why why() {
      return why;
    }
  }

  /**
   * Puts the bans in force into the index: at start-up, as the index may have lost them (a restart,
   * a flushed Redis), and at every {@link #recount} until it worked once.
   */
  public void restore() {
    Instant now = clock.instant();
    List<Ban> active = bans.active(now);
    active.forEach(ban -> index.put(ban, now));
    count(active);
    restored = true;
  }

  /** Bans in force of {@code scope}, as of the last change or {@link #recount}. */
  public int activeBans(BanScope scope) {
    return activeCounts.getOrDefault(scope, 0);
  }

  /** Counts the bans in force again (bans end by themselves). */
  public void recount() {
    if (restored) {
      count(bans.active(clock.instant()));
    } else {
      restore();
    }
  }

  private void count(List<Ban> active) {
    Map<BanScope, Integer> counted = new EnumMap<>(BanScope.class);
    active.forEach(ban -> counted.merge(ban.scope(), 1, Integer::sum));
    activeCounts = counted;
  }

  /** Bans a user id, or its last device or network, by {@code moderator}. */
  public Ban ban(BanOrder order, String moderator) {
    Ban ban = prepare(order, moderator);
    impose(ban);
    return ban;
  }

  private Ban prepare(BanOrder order, String moderator) {
    Ban.requireName(moderator);
    Optional<Duration> length = lengthOf(order.length());
    String reason = reasonOf(order.reason());
    if (!Identifiers.isValid(order.userId())) {
      throw new Refused(
          "subject is the user id to ban, or whose device or network to ban",
          Refused.Why.MALFORMED);
    }
    String subject =
        switch (order.scope()) {
          case USER -> order.userId();
          case DEVICE -> last(order.userId()).deviceId();
          case NETWORK -> {
            Visitor seen = last(order.userId());
            String network = order.wideNetwork() ? seen.wideNetwork() : seen.network();
            if (network == null) {
              throw new Refused(
                  "that user's last address has no wider network (IPv4)", Refused.Why.MALFORMED);
            }
            yield network;
          }
        };
    if (subject == null) {
      throw new Refused("that user has no device token on record", Refused.Why.MISSING);
    }
    return Ban.of(
        order.scope(),
        subject,
        order.shadow(),
        reason,
        moderator,
        clock.instant(),
        length,
        order.userId());
  }

  /** Lifts a ban; returns it as lifted. */
  public Ban lift(String banId, String moderator) {
    Ban.requireName(moderator);
    Ban ban = bans.find(banId).orElseThrow(() -> new Refused("no such ban", Refused.Why.MISSING));
    if (ban.liftedAt() != null) {
      throw new Refused("the ban was lifted already", Refused.Why.DONE);
    }
    Ban lifted = ban.lift(moderator, clock.instant());
    bans.save(lifted);
    index.remove(lifted);
    recount();
    record(moderator, "lift", ban.id(), describe(ban));
    return lifted;
  }

  /**
   * Resolves an open report: {@code dismiss}, or {@code ban}/{@code shadow_ban} of its reported
   * user in {@code scope} for {@code length}, with the moderator's note (which is the ban's
   * reason). Returns the ban made, if any.
   */
  public Optional<Ban> resolve(
      String reportId,
      String action,
      BanScope scope,
      String length,
      String note,
      String moderator) {
    Ban.requireName(moderator);
    Instant now = clock.instant();
    ReportHistory.Entry entry =
        reports
            .find(reportId, now)
            .orElseThrow(() -> new Refused("no such report", Refused.Why.MISSING));
    if (entry.resolution() != null) {
      throw new Refused("the report was resolved already", Refused.Why.DONE);
    }
    String checkedNote = note == null || note.isBlank() ? null : reasonOf(note);
    Optional<Ban> ban =
        switch (action == null ? "" : action) {
          case "dismiss" -> Optional.empty();
          case "ban", "shadow_ban" -> {
            if (scope == null || checkedNote == null) {
              throw new Refused(
                  "a ban needs a scope and a note, its reason", Refused.Why.MALFORMED);
            }
            yield Optional.of(
                prepare(
                    new BanOrder(
                        scope,
                        entry.report().reported(),
                        action.equals("shadow_ban"),
                        false,
                        length,
                        checkedNote),
                    moderator));
          }
          default ->
              throw new Refused("action is dismiss, ban or shadow_ban", Refused.Why.MALFORMED);
        };
    ReportHistory.Resolution resolution =
        new ReportHistory.Resolution(
            action.toUpperCase(Locale.ROOT),
            moderator,
            now,
            checkedNote,
            ban.map(Ban::id).orElse(null));
    if (!reports.resolve(reportId, resolution)) {
      throw new Refused("the report was resolved already", Refused.Why.DONE);
    }
    ban.ifPresent(this::impose);
    record(moderator, "resolve", reportId, action + ban.map(b -> " " + b.id()).orElse(""));
    return ban;
  }

  /**
   * Counts a report for the automatic protection, and in the churn of the reported user's network
   * ({@link BotGate}); shadow-bans the reported user when enough distinct users reported it within
   * the window.
   */
  public void reported(Report report) {
    live.find(report.reported()).ifPresent(reported -> botGate.reported(reported.visitor()));
    int threshold = settings.moderation().autoBanReports();
    if (threshold == 0) {
      return;
    }
    Instant now = clock.instant();
    int reporters =
        counts.add(
            report.reported(), report.reporter(), now, settings.moderation().autoBanWindow());
    if (reporters < threshold
        || !index
            .find(List.of(new Visitor.Subject(BanScope.USER, report.reported())), now)
            .isEmpty()) {
      return;
    }
    Ban ban =
        Ban.of(
            BanScope.USER,
            report.reported(),
            true,
            reporters + " users reported this user within " + settings.moderation().autoBanWindow(),
            Ban.AUTOMATIC,
            now,
            Optional.of(settings.moderation().autoBanDuration()),
            report.reported());
    impose(ban);
  }

  private void impose(Ban ban) {
    bans.save(ban);
    index.put(ban, clock.instant());
    recount();
    record(ban.by(), ban.shadow() ? "shadow_ban" : "ban", ban.id(), describe(ban));
    if (!ban.shadow()) {
      live.bannedBy(ban).forEach(p -> expelled.fire(new Expelled(p.userId(), p.sessionId(), ban)));
    }
  }

  private Visitor last(String userId) {
    return sightings
        .last(userId)
        .orElseThrow(() -> new Refused("that user id has not been seen", Refused.Why.MISSING));
  }

  private void record(String moderator, String action, String target, String detail) {
    audit.record(
        new AuditLog.Entry(
            Identifiers.random(16), clock.instant(), moderator, action, target, detail));
    LOG.info(
        () ->
            String.format(
                "event=moderation moderator=\"%s\" action=%s target=%s detail=\"%s\"",
                moderator, action, target, detail));
  }

  private static String describe(Ban ban) {
    return (ban.shadow() ? "shadow " : "")
        + ban.scope().wireName()
        + " of "
        + ban.userId()
        + (ban.until() == null ? " for ever" : " until " + ban.until());
  }

  private static Optional<Duration> lengthOf(String length) {
    try {
      return Ban.length(length);
    } catch (IllegalArgumentException e) {
      throw new Refused(e.getMessage(), Refused.Why.MALFORMED);
    }
  }

  private static String reasonOf(String reason) {
    try {
      return Ban.requireReason(reason);
    } catch (IllegalArgumentException e) {
      throw new Refused(e.getMessage(), Refused.Why.MALFORMED);
    }
  }
}
