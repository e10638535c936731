package dev.duet.application;

import dev.duet.application.port.ChatLine;
import dev.duet.application.port.InvalidToken;
import dev.duet.application.port.MatchQueue;
import dev.duet.application.port.MatchRepository;
import dev.duet.application.port.PeerNotifier;
import dev.duet.application.port.Relay;
import dev.duet.application.port.RoomRepository;
import dev.duet.application.port.SessionRepository;
import dev.duet.application.port.SessionTokens;
import dev.duet.application.settings.Settings;
import dev.duet.domain.Match;
import dev.duet.domain.Report;
import dev.duet.domain.Role;
import dev.duet.domain.RoomSnapshot;
import dev.duet.domain.SessionRecord;
import dev.duet.domain.SignalType;
import dev.duet.infrastructure.memory.InMemoryMatchQueue;
import dev.duet.infrastructure.memory.InMemoryRelay;
import dev.duet.infrastructure.memory.InMemoryRoomRegistry;
import dev.duet.infrastructure.memory.InMemorySessionDirectory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The application services wired by hand, with a settable clock and in-memory ports that record
 * what they were told: tests of the rules in milliseconds, without a server.
 */
public final class Fixture {
  public final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

  /** How long the first read of the session records takes, as when it opens the database. */
  public Duration databaseOpening = Duration.ZERO;

  public final Recorder notifier = new Recorder();
  final Map<String, RoomSnapshot> roomRows = new ConcurrentHashMap<>();
  final Map<String, SessionRecord> sessionRows = new ConcurrentHashMap<>();
  final Map<String, RoomRepository.Member> memberRows = new ConcurrentHashMap<>();
  final Map<String, Match> runningMatches = new ConcurrentHashMap<>();
  final Tokens tokens = new Tokens(clock);
  public final Settings settings;
  public final RoomService rooms = new RoomService();
  public final SessionService sessions = new SessionService();
  public final LiveSessions live = new LiveSessions();
  public final SessionHandover handover = new SessionHandover();
  public final SignalingService signaling = new SignalingService();
  public final MatchService matches = new MatchService();
  final List<String> matchRows = new java.util.concurrent.CopyOnWriteArrayList<>();
  public final RecordingMetrics metrics = new RecordingMetrics();
  final Moderation moderation;

  public Fixture(Map<String, String> config) {
    this(config, InMemoryMatchQueue::of);
  }

  /** A {@link RateLimiter} of these settings, as the container makes it. */
  public static RateLimiter rateLimiter(Settings settings) {
    RateLimiter limiter = new RateLimiter();
    limiter.settings = settings;
    limiter.create();
    return limiter;
  }

  /** Services whose random matching state is in the {@link MatchQueue} {@code queue} makes. */
  Fixture(Map<String, String> config, Function<Settings, MatchQueue> queue) {
    Map<String, String> values = new java.util.HashMap<>(Map.of("BOT_GATE", "off"));
    values.putAll(config);
    settings = Settings.of(values);
    rooms.settings = settings;
    rooms.clock = clock;
    rooms.notifier = notifier;
    rooms.tokens = tokens;
    rooms.registry = InMemoryRoomRegistry.of(settings);
    rooms.repository =
        new RoomRepository() {
          @Override
          public void save(RoomSnapshot room) {
            roomRows.put(room.id(), room);
          }

          @Override
          public void delete(String roomId) {
            roomRows.remove(roomId);
            memberRows.values().removeIf(member -> member.roomId().equals(roomId));
          }

          @Override
          public void addMember(Member member) {
            memberRows.put(member.roomId() + "/" + member.userId(), member);
          }

          @Override
          public void removeMember(String roomId, String userId) {
            memberRows.remove(roomId + "/" + userId);
          }

          @Override
          public List<RoomSnapshot> findAll() {
            return List.copyOf(roomRows.values());
          }

          @Override
          public List<Member> findMembers() {
            return List.copyOf(memberRows.values());
          }
        };
    sessions.clock = clock;
    sessions.settings = settings;
    sessions.rooms = rooms;
    sessions.repository =
        new SessionRepository() {
          @Override
          public void save(SessionRecord session) {
            sessionRows.put(session.sessionId(), session);
          }

          @Override
          public void mark(String sessionId, SessionRecord.State state, Instant at) {
            sessionRows.computeIfPresent(
                sessionId,
                (id, s) ->
                    new SessionRecord(id, s.userId(), s.tokenHash(), s.createdAt(), at, state));
          }

          @Override
          public List<SessionRecord> findLive() {
            clock.advance(databaseOpening);
            databaseOpening = Duration.ZERO;
            return sessionRows.values().stream()
                .filter(
                    s ->
                        s.state() == SessionRecord.State.OPEN
                            || s.state() == SessionRecord.State.RECONNECTING)
                .toList();
          }

          @Override
          public void markLeft(String sessionId, Instant at) {
            mark(sessionId, SessionRecord.State.LEFT, at);
          }

          @Override
          public boolean wasLeft(String sessionId) {
            SessionRecord row = sessionRows.get(sessionId);
            return row != null && row.state() == SessionRecord.State.LEFT;
          }

          @Override
          public void deleteClosedBefore(Instant before) {
            sessionRows
                .values()
                .removeIf(
                    s ->
                        (s.state() == SessionRecord.State.CLOSED
                                || s.state() == SessionRecord.State.LEFT)
                            && s.lastSeenAt().isBefore(before));
          }
        };
    matches.settings = settings;
    matches.clock = clock;
    matches.notifier = notifier;
    matches.repository =
        new MatchRepository() {
          @Override
          public void started(Match match) {
            matchRows.add("started " + match.id());
            runningMatches.put(match.id(), match);
          }

          @Override
          public void ended(String matchId, Instant at, Match.End reason) {
            matchRows.add("ended " + matchId + " " + reason);
            runningMatches.remove(matchId);
          }

          @Override
          public List<Match> findRunning() {
            return List.copyOf(runningMatches.values());
          }

          @Override
          public void report(Report report) {
            matchRows.add(
                "report " + report.reporter() + " " + report.reported() + " " + report.reason());
            moderation.reportRows.put(report.id(), report);
          }
        };
    matches.metrics = metrics;
    matches.queue = queue.apply(settings);
    matches.tokens = tokens;
    sessions.matches = matches;
    sessions.tokens = tokens;
    sessions.notifier = notifier;
    sessions.directory = InMemorySessionDirectory.of(settings);
    sessions.relay = new InMemoryRelay();
    sessions.metrics = metrics;
    sessions.live = live;
    sessions.graces = new GraceBudget();
    sessions.graces.settings = settings;
    sessions.handover = handover;
    live.rooms = rooms;
    live.matches = matches;
    live.notifier = notifier;
    handover.clock = clock;
    handover.settings = settings;
    handover.rooms = rooms;
    handover.matches = matches;
    handover.repository = sessions.repository;
    handover.notifier = notifier;
    handover.directory = sessions.directory;
    handover.relay = sessions.relay;
    handover.live = live;
    signaling.rooms = rooms;
    signaling.matches = matches;
    signaling.notifier = notifier;
    moderation = new Moderation(clock, settings, tokens, metrics, live);
    matches.admission = moderation.admission;
    matches.moderation = moderation.actions;
    matches.botGate = moderation.botGate;
  }

  public Fixture() {
    this(Map.of());
  }

  public static final class MutableClock extends Clock {
    private volatile Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    void advance(Duration duration) {
      now = now.plus(duration);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }

  /**
   * Session tokens as opaque random strings remembered with their claims: the rules of {@link
   * SessionService} without the JWT library, which {@code JwtSessionTokensTest} covers.
   */
  static final class Tokens implements SessionTokens {
    private final Clock clock;
    final Map<String, Claims> issued = new ConcurrentHashMap<>();

    Tokens(Clock clock) {
      this.clock = clock;
    }

    @Override
    public String issue(String userId, String sessionId, Instant expiresAt) {
      String token = "t-" + dev.duet.domain.Identifiers.random(12);
      issued.put(token, new Claims(userId, sessionId, expiresAt));
      return token;
    }

    /** The text itself, marked: what matters is that one text is always one pseudonym. */
    @Override
    public String pseudonym(String text) {
      return "p(" + text + ")";
    }

    @Override
    public String issueDevice(String deviceId) {
      return "d-" + deviceId;
    }

    @Override
    public java.util.Optional<String> deviceOf(String deviceToken) {
      return deviceToken.startsWith("d-")
          ? java.util.Optional.of(deviceToken.substring(2))
          : java.util.Optional.empty();
    }

    @Override
    public Claims verify(String token) throws InvalidToken {
      Claims claims = issued.get(token);
      if (claims == null) {
        throw new InvalidToken("the token was not signed by this server");
      }
      if (!claims.expiresAt().isAfter(clock.instant())) {
        throw new InvalidToken("the token has expired");
      }
      return claims;
    }
  }

  /** Records every notification as "recipient: what" lines, in order. */
  public static final class Recorder implements PeerNotifier {
    private final List<String> lines = new ArrayList<>();

    public synchronized List<String> take() {
      List<String> taken = List.copyOf(lines);
      lines.clear();
      return taken;
    }

    public synchronized List<String> to(String recipient) {
      return lines.stream().filter(line -> line.startsWith(recipient + ": ")).toList();
    }

    /** Runs as each notification is made, as a client answering at once would. */
    volatile java.util.function.BiConsumer<String, String> onEach = (to, what) -> {};

    private void add(String to, String what) {
      synchronized (this) {
        lines.add(to + ": " + what);
      }
      onEach.accept(to, what);
    }

    @Override
    public void roomJoined(String to, String room, List<String> members) {
      add(to, "room_joined " + room + " " + members);
    }

    @Override
    public void peerJoined(String to, String room, String peerId) {
      add(to, "peer_joined " + room + " " + peerId);
    }

    @Override
    public void roleAssigned(String to, Role role, String peerId, String room) {
      add(to, "assign_role " + role + " " + peerId + " " + room);
    }

    @Override
    public void roomLeft(String to, String room) {
      add(to, "room_left " + room);
    }

    @Override
    public void peerLeft(String to, String room, String peerId, String reason) {
      add(to, "peer_left " + room + " " + peerId + " " + reason);
    }

    /** The sequence numbers of each user's match notifications, in the order they were made. */
    final Map<String, List<Long>> seqs = new ConcurrentHashMap<>();

    private void numbered(String to, long seq) {
      seqs.computeIfAbsent(to, id -> Collections.synchronizedList(new ArrayList<>())).add(seq);
    }

    @Override
    public void waiting(String to, Instant since, long seq) {
      numbered(to, seq);
      add(to, "waiting");
    }

    @Override
    public void matched(
        String to,
        Role role,
        String peerId,
        String matchId,
        List<String> commonInterests,
        long seq) {
      numbered(to, seq);
      add(to, "matched " + role + " " + peerId + " " + matchId + " " + commonInterests);
    }

    @Override
    public void matchEnded(String to, String peerId, String matchId, String reason, long seq) {
      numbered(to, seq);
      add(to, "match_ended " + peerId + " " + matchId + " " + reason);
    }

    @Override
    public void signal(String to, String from, SignalType type, String payload, String id) {
      add(to, "signal " + type + " from " + from + " " + payload);
    }

    @Override
    public void chat(String to, ChatLine line) {
      add(to, "chat " + line);
    }

    @Override
    public void peerReconnecting(String to, String peerId) {
      add(to, "peer_reconnecting " + peerId);
    }

    @Override
    public void peerReconnected(String to, String peerId) {
      add(to, "peer_reconnected " + peerId);
    }

    /** The sessions whose messages are being kept for them: user id to session id. */
    final Map<String, String> held = new ConcurrentHashMap<>();

    @Override
    public void hold(String userId, String sessionId, String knownMatchId, long lastSeq) {
      held.put(userId, sessionId);
    }

    @Override
    public void forget(String userId, String sessionId) {
      held.remove(userId, sessionId);
    }

    @Override
    public boolean deliver(String to, String frame, Relay.MatchEvent event) {
      add(to, "frame " + frame);
      return true;
    }

    @Override
    public void matchLeft(String userId, String matchId, long seq) {
      numbered(userId, seq);
    }

    @Override
    public List<String> release(String userId, String sessionId) {
      held.remove(userId, sessionId);
      return List.of();
    }
  }
}
