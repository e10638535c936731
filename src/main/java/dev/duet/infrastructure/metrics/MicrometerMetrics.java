package dev.duet.infrastructure.metrics;

import dev.duet.application.ConnectionGate;
import dev.duet.application.LiveSessions;
import dev.duet.application.MatchService;
import dev.duet.application.ModeratorActions;
import dev.duet.application.RoomService;
import dev.duet.application.port.DatabaseProbe;
import dev.duet.application.port.Metrics;
import dev.duet.application.port.MetricsReport;
import dev.duet.domain.BanScope;
import dev.duet.domain.CallReport;
import dev.duet.domain.ErrorCode;
import dev.duet.domain.Match;
import dev.duet.domain.SignalType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.expositionformats.OpenMetricsTextFormatWriter;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * The {@link Metrics} and {@link MetricsReport} ports on Micrometer, in a Prometheus registry of
 * Duet's own (never the global one, so a redeployment starts afresh). Counters for every label
 * value Duet can produce are created up front, so each event is one lookup in a small map and one
 * atomic add, and a scrape shows them at 0 before anything happened; gauges read the live services
 * when scraped. The README's Metrics section lists every metric.
 */
@ApplicationScoped
public class MicrometerMetrics implements Metrics, MetricsReport {
  /** Close codes counted under their own label; any other code a client sends is "other". */
  private static final int[] CLOSE_CODES = {
    1000, 1001, 1006, 1008, 1009, 1011, 1013, 4400, 4401, 4403, 4408, 4409, 4429
  };

  /** Relayed besides the {@link SignalType}s. */
  private static final String CHAT = "chat_message";

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Map<ErrorCode, Counter> errors = new EnumMap<>(ErrorCode.class);
  private final Map<Match.End, Counter> ended = new EnumMap<>(Match.End.class);
  private final Map<String, Counter> relayed = new ConcurrentHashMap<>();
  private final Map<Integer, Counter> closed = new ConcurrentHashMap<>();
  private final Map<BanScope, Counter> enforced = new EnumMap<>(BanScope.class);
  private Counter reports;
  private final Map<String, Counter> challenges = new ConcurrentHashMap<>();
  private Counter closedOther;
  private Counter made;
  private Counter dropped;
  private Counter abusive;
  private Counter resumed;
  private Timer relayLatency;
  private Timer matchWait;
  private JvmGcMetrics gc;
  private CallMeters calls;

  @Inject ConnectionGate gate;
  @Inject LiveSessions sessions;
  @Inject RoomService rooms;
  @Inject MatchService matches;
  @Inject DatabaseProbe database;
  @Inject ModeratorActions moderation;

  @PostConstruct
  void register() {
    for (ErrorCode code : ErrorCode.values()) {
      errors.put(
          code, counter("duet.errors", "Requests refused, by error code", "code", code.wireName()));
    }
    for (Match.End reason : Match.End.values()) {
      ended.put(
          reason,
          counter(
              "duet.matches.ended",
              "Random matches ended, by reason",
              "reason",
              reason.name().toLowerCase(Locale.ROOT)));
    }
    for (SignalType type : SignalType.values()) {
      relayed.put(type.wireName(), relayedCounter(type.wireName()));
    }
    relayed.put(CHAT, relayedCounter(CHAT));
    for (int code : CLOSE_CODES) {
      closed.put(code, closedCounter(Integer.toString(code)));
    }
    closedOther = closedCounter("other");
    reports = counter("duet.reports", "Reports users made of their partners");
    for (String result : new String[] {"issued", "solved", "failed", "required"}) {
      challenges.put(
          result,
          counter(
              "duet.challenges",
              "The bot gate's challenges, by what became of them",
              "result",
              result));
    }
    for (BanScope scope : BanScope.values()) {
      enforced.put(
          scope,
          counter(
              "duet.bans.enforced",
              "Connections and requests kept out by a ban, by its scope",
              "scope",
              scope.wireName()));
      gauge(
          "duet.bans.active",
          "Bans in force, by scope",
          moderation,
          m -> m.activeBans(scope),
          "scope",
          scope.wireName());
    }
    made = counter("duet.matches.made", "Random matches made");
    String limited = "Messages dropped over a rate limit, and connections closed for it (4429)";
    dropped = counter("duet.rate.limited", limited, "action", "dropped");
    abusive = counter("duet.rate.limited", limited, "action", "closed");
    resumed = counter("duet.sessions.resumed", "Sessions resumed with their token");
    relayLatency =
        Timer.builder("duet.relay.latency")
            .description("Time from a relayed message's arrival to its hand-over to the send queue")
            .serviceLevelObjectives(
                durations(
                    0.000_025, 0.000_05, 0.000_1, 0.000_25, 0.000_5, 0.001, 0.002_5, 0.005, 0.01,
                    0.025, 0.05, 0.1, 0.25, 1))
            .register(registry);
    matchWait =
        Timer.builder("duet.match.wait")
            .description("How long matched strangers waited in the queue")
            .serviceLevelObjectives(durations(0.1, 0.5, 1, 2, 5, 10, 30, 60, 120, 300))
            .register(registry);

    calls = new CallMeters(registry);

    gauge("duet.connections.open", "Open WebSocket connections", gate, ConnectionGate::open);
    gauge(
        "duet.sessions",
        "Live sessions, by state",
        sessions,
        live -> live.count() - live.reconnecting(),
        "state",
        "connected");
    gauge(
        "duet.sessions",
        "Live sessions, by state",
        sessions,
        LiveSessions::reconnecting,
        "state",
        "reconnecting");
    gauge("duet.rooms", "Rooms, by state", rooms, RoomService::activeRooms, "state", "active");
    gauge("duet.rooms", "Rooms, by state", rooms, RoomService::emptyRooms, "state", "empty");
    gauge(
        "duet.queue.waiting.users",
        "Users waiting for a random match",
        matches,
        MatchService::waiting);
    gauge(
        "duet.shadow.banned.waiting",
        "Shadow-banned users waiting for a random match (among the waiting users)",
        matches,
        MatchService::shadowWaiting);
    gauge(
        "duet.matches.active", "Random matches in progress", matches, MatchService::activeMatches);
    gauge(
        "duet.persistence.queue.writes",
        "Database writes accepted and not yet committed",
        database,
        DatabaseProbe::pendingWrites);
    Gauge.builder(
            "duet.persistence.lag", database, probe -> probe.oldestPendingWrite().toNanos() / 1e9)
        .description("Age of the oldest database write not yet committed")
        .baseUnit("seconds")
        .register(registry);

    new ClassLoaderMetrics().bindTo(registry);
    new JvmMemoryMetrics().bindTo(registry);
    gc = new JvmGcMetrics();
    gc.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
  }

  @PreDestroy
  void close() {
    gc.close();
    registry.close();
  }

  /** Prometheus text (0.0.4), or OpenMetrics when the scraper accepts it, as Prometheus does. */
  @Override
  public Text render(String accept) {
    String contentType =
        accept != null && accept.contains("application/openmetrics-text")
            ? OpenMetricsTextFormatWriter.CONTENT_TYPE
            : PrometheusTextFormatWriter.CONTENT_TYPE;
    return new Text(contentType, registry.scrape(contentType));
  }

  @Override
  public void matchMade(Duration earlierWaited, Duration laterWaited) {
    made.increment();
    matchWait.record(earlierWaited);
    matchWait.record(laterWaited);
  }

  @Override
  public void matchEnded(Match.End reason) {
    ended.get(reason).increment();
  }

  @Override
  public void relayed(String type, long nanos) {
    Counter counter = relayed.get(type);
    if (counter == null) {
      counter = relayed.computeIfAbsent(type, this::relayedCounter);
    }
    counter.increment();
    relayLatency.record(nanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public void refused(ErrorCode code) {
    errors.get(code).increment();
  }

  @Override
  public void rateLimited(boolean closing) {
    (closing ? abusive : dropped).increment();
  }

  @Override
  public void connectionClosed(int code) {
    closed.getOrDefault(code, closedOther).increment();
  }

  @Override
  public void sessionResumed() {
    resumed.increment();
  }

  @Override
  public void reported() {
    reports.increment();
  }

  @Override
  public void challenge(String result) {
    challenges.get(result).increment();
  }

  @Override
  public void banEnforced(BanScope scope) {
    enforced.get(scope).increment();
  }

  @Override
  public void callReported(CallReport report) {
    calls.record(report);
  }

  private Counter relayedCounter(String type) {
    return counter("duet.messages.relayed", "Messages passed on to a peer, by type", "type", type);
  }

  private Counter closedCounter(String code) {
    return counter(
        "duet.connections.closed", "WebSocket connections ended, by close code", "code", code);
  }

  private Counter counter(String name, String description, String... tags) {
    return Counter.builder(name).description(description).tags(tags).register(registry);
  }

  private <T> void gauge(
      String name, String description, T source, ToDoubleFunction<T> value, String... tags) {
    Gauge.builder(name, source, value).description(description).tags(tags).register(registry);
  }

  private static Duration[] durations(double... seconds) {
    Duration[] durations = new Duration[seconds.length];
    for (int i = 0; i < seconds.length; i++) {
      durations[i] = Duration.ofNanos(Math.round(seconds[i] * 1e9));
    }
    return durations;
  }
}
