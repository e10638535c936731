package dev.duet.application;

import dev.duet.application.port.AuditLog;
import dev.duet.application.port.BanRepository;
import dev.duet.application.port.Metrics;
import dev.duet.application.port.ReportHistory;
import dev.duet.application.port.SessionTokens;
import dev.duet.application.port.Sightings;
import dev.duet.application.settings.Settings;
import dev.duet.domain.Ban;
import dev.duet.domain.Report;
import dev.duet.domain.Visitor;
import dev.duet.infrastructure.memory.InMemoryBanIndex;
import dev.duet.infrastructure.memory.InMemoryChurnCounts;
import dev.duet.infrastructure.memory.InMemoryReportCounts;
import dev.duet.infrastructure.security.AltchaProofOfWork;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.NotificationOptions;
import jakarta.enterprise.util.TypeLiteral;
import java.lang.annotation.Annotation;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * {@link Admission}, {@link ModeratorActions} and the {@link BotGate} (ALTCHA's real challenges)
 * over the in-memory ban index and report counts, with the database's tables as maps: the rules of
 * moderation without a database, which {@code ModerationIT} covers.
 */
final class Moderation {
  final Map<String, Ban> banRows = new ConcurrentHashMap<>();
  final List<AuditLog.Entry> auditRows = new CopyOnWriteArrayList<>();
  final Map<String, Visitor> sightingRows = new ConcurrentHashMap<>();
  final Map<String, Report> reportRows = new ConcurrentHashMap<>();
  final Map<String, ReportHistory.Resolution> resolutions = new ConcurrentHashMap<>();
  final List<Expelled> expelled = new CopyOnWriteArrayList<>();
  final InMemoryBanIndex index = new InMemoryBanIndex();
  final Admission admission = new Admission();
  final ModeratorActions actions = new ModeratorActions();
  final BotGate botGate = new BotGate();

  Moderation(
      Clock clock, Settings settings, SessionTokens tokens, Metrics metrics, LiveSessions live) {
    Event<Expelled> events = new Recorded();
    Sightings sightings =
        new Sightings() {
          @Override
          public void seen(Visitor visitor, Instant at) {
            sightingRows.put(visitor.userId(), visitor);
          }

          @Override
          public Optional<Visitor> last(String userId) {
            return Optional.ofNullable(sightingRows.get(userId));
          }
        };
    admission.clock = clock;
    admission.tokens = tokens;
    admission.index = index;
    admission.sightings = sightings;
    admission.metrics = metrics;
    admission.expelled = events;
    actions.clock = clock;
    actions.settings = settings;
    actions.index = index;
    actions.counts = new InMemoryReportCounts();
    actions.sightings = sightings;
    actions.live = live;
    actions.expelled = events;
    actions.bans = new Bans();
    actions.audit =
        new AuditLog() {
          @Override
          public void record(Entry entry) {
            auditRows.add(entry);
          }

          @Override
          public List<Entry> page(int offset, int limit) {
            return auditRows.stream().skip(offset).limit(limit).toList();
          }
        };
    actions.reports = new Reports();
    botGate.settings = settings;
    botGate.clock = clock;
    botGate.work = AltchaProofOfWork.of(tokens);
    botGate.churn = new InMemoryChurnCounts();
    botGate.metrics = metrics;
    actions.botGate = botGate;
  }

  private final class Bans implements BanRepository {
    @Override
    public void save(Ban ban) {
      banRows.put(ban.id(), ban);
    }

    @Override
    public Optional<Ban> find(String id) {
      return Optional.ofNullable(banRows.get(id));
    }

    @Override
    public List<Ban> active(Instant now) {
      return page(true, now, 0, Integer.MAX_VALUE);
    }

    @Override
    public List<Ban> page(boolean activeOnly, Instant now, int offset, int limit) {
      return banRows.values().stream()
          .filter(ban -> !activeOnly || ban.activeAt(now))
          .sorted(Comparator.comparing(Ban::at).reversed())
          .skip(offset)
          .limit(limit)
          .toList();
    }
  }

  private final class Reports implements ReportHistory {
    @Override
    public List<Entry> page(boolean resolved, Instant now, int offset, int limit) {
      return reportRows.values().stream()
          .filter(report -> resolutions.containsKey(report.id()) == resolved)
          .sorted(Comparator.comparing(Report::at).reversed())
          .skip(offset)
          .limit(limit)
          .map(report -> entry(report, now))
          .toList();
    }

    @Override
    public Optional<Entry> find(String id, Instant now) {
      return Optional.ofNullable(reportRows.get(id)).map(report -> entry(report, now));
    }

    @Override
    public boolean resolve(String id, Resolution resolution) {
      return reportRows.containsKey(id) && resolutions.putIfAbsent(id, resolution) == null;
    }

    private Entry entry(Report report, Instant now) {
      long reporters =
          reportRows.values().stream()
              .filter(r -> r.reported().equals(report.reported()))
              .filter(r -> r.at().isAfter(now.minus(Duration.ofDays(1))))
              .map(Report::reporter)
              .distinct()
              .count();
      return new Entry(report, resolutions.get(report.id()), reporters);
    }
  }

  /** Fires synchronously into {@link #expelled}, as CDI does for a synchronous observer. */
  private final class Recorded implements Event<Expelled> {
    @Override
    public void fire(Expelled event) {
      expelled.add(event);
    }

    @Override
    public <U extends Expelled> CompletionStage<U> fireAsync(U event) {
      throw new UnsupportedOperationException();
    }

    @Override
    public <U extends Expelled> CompletionStage<U> fireAsync(U event, NotificationOptions options) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Event<Expelled> select(Annotation... qualifiers) {
      return this;
    }

    @Override
    public <U extends Expelled> Event<U> select(Class<U> subtype, Annotation... qualifiers) {
      throw new UnsupportedOperationException();
    }

    @Override
    public <U extends Expelled> Event<U> select(TypeLiteral<U> subtype, Annotation... qualifiers) {
      throw new UnsupportedOperationException();
    }
  }
}
