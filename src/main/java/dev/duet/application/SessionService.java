package dev.duet.application;

import dev.duet.application.port.InvalidToken;
import dev.duet.application.port.Metrics;
import dev.duet.application.port.PeerNotifier;
import dev.duet.application.port.Relay;
import dev.duet.application.port.SessionDirectory;
import dev.duet.application.port.SessionRepository;
import dev.duet.application.port.SessionTokens;
import dev.duet.application.settings.Settings;
import dev.duet.domain.Identifiers;
import dev.duet.domain.Participant;
import dev.duet.domain.SessionRecord;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;

/**
 * Sessions: who is who, across connections and restarts.
 *
 * <p>A user id is held by at most one session; a second connection asking for it is refused.
 * Without a proposed id the server makes an unguessable one. Each session gets a signed token
 * ({@link SessionTokens}) of which only a SHA-256 hash is kept. A connection presenting the token
 * of a live session resumes it: a reconnecting session is connected again and its peers are told
 * {@code peer_reconnected}; a connected one is taken over by the new connection. A valid token
 * whose session has ended opens a new session for the same user id.
 *
 * <p>A session's transitions and what its peers are told of them happen under the participant's
 * monitor, so peers see {@code peer_reconnecting} and {@code peer_reconnected} in the order of the
 * transitions; no thread holds two participants' monitors at once. When a connection drops abruptly
 * the session waits {@code RESUME_GRACE} for its client, still a member of its rooms and match (its
 * peers are told {@code peer_reconnecting}), but out of the random-match queue; then it is closed
 * with reason {@code timeout}. A clean close ends the session at once: the user leaves its match
 * and every room, its peers told. The user id is free again once the clean-up is done; a new
 * session of that id arriving while it runs waits for it (up to {@value #CLOSING_WAIT_MILLIS} ms)
 * rather than being refused as a duplicate.
 *
 * <p>In a cluster the {@link SessionDirectory} holds each user id for one session across all
 * instances; how sessions move between instances is {@link SessionHandover}'s. The live sessions
 * are in {@link LiveSessions}.
 */
@ApplicationScoped
public class SessionService {
  private static final long CLOSING_WAIT_MILLIS = 2_000;

  @Inject Clock clock;
  @Inject Settings settings;
  @Inject RoomService rooms;
  @Inject MatchService matches;
  @Inject SessionRepository repository;
  @Inject SessionTokens tokens;
  @Inject PeerNotifier notifier;
  @Inject Metrics metrics;
  @Inject SessionDirectory directory;
  @Inject Relay relay;
  @Inject GraceBudget graces;
  @Inject LiveSessions live;
  @Inject SessionHandover handover;

  /**
   * A session a connection now serves: the participant, the number of the connection, the token to
   * hand to the client, whether an existing session was resumed, and whether it was resumed from
   * another instance or for the first time since this one adopted it from a dead one (frames its
   * old instance held may be lost: the client needs the state).
   */
  public record Opened(
      Participant participant, long connection, String token, boolean resumed, boolean moved) {}

  /**
   * Opens a new session for the proposed user id, or for a new one when it is null.
   *
   * @throws IllegalArgumentException if the proposed id is not a valid id
   * @throws UserIdTaken if a session holds the proposed id
   */
  public Opened open(String proposedUserId) throws UserIdTaken {
    if (proposedUserId != null && !Identifiers.isValid(proposedUserId)) {
      throw new IllegalArgumentException(
          "A user id is 1 to 64 characters of letters, digits, _ and -.");
    }
    return start(proposedUserId != null ? proposedUserId : Identifiers.random(16));
  }

  /**
   * Serves the holder of {@code token}: resumes its session if it is live, else opens a new session
   * for the token's user id, unless the token's session was ended with {@code leave}.
   *
   * @param proposedUserId the user id the client asked for as well, which must be the token's
   * @throws InvalidToken if the token is not valid or names another user id
   * @throws UserIdTaken if the session ended and another session holds the user id now
   */
  public Opened resume(String token, String proposedUserId) throws InvalidToken, UserIdTaken {
    SessionTokens.Claims claims = tokens.verify(token);
    if (proposedUserId != null && !proposedUserId.equals(claims.userId())) {
      throw new InvalidToken("the token is for another user id");
    }
    Participant participant = live.get(claims.userId());
    boolean moved = false;
    boolean adoptedMeanwhile = false;
    if (participant == null) {
      participant = handover.arrive(claims, sha256(token));
      if (participant == null) {
        participant = live.get(claims.userId());
        adoptedMeanwhile = participant != null;
      }
      moved = participant != null;
    }
    if (participant != null
        && participant.sessionId().equals(claims.sessionId())
        && participant.tokenHash().equals(sha256(token))) {
      String userId = participant.userId();
      Set<String> peers = live.peersOf(participant);
      Participant resuming = participant;
      Participant.Resumption resumption =
          HeldLock.get(
              resuming,
              () -> {
                Participant.Resumption made = resuming.resume();
                if (made != null && made.wasReconnecting()) {
                  repository.mark(resuming.sessionId(), SessionRecord.State.OPEN, clock.instant());
                  peers.forEach(peer -> notifier.peerReconnected(peer, userId));
                }
                return made;
              });
      if (resumption != null) {
        if (!moved || adoptedMeanwhile) {
          relay.arrived(userId, participant.sessionId(), settings.cluster().instanceId());
        }
        for (String peer : peers) {
          Participant other = live.get(peer);
          if (other != null) {
            HeldLock.run(
                other,
                () -> {
                  if (other.state() == Participant.State.RECONNECTING) {
                    notifier.peerReconnecting(userId, peer);
                  }
                });
          }
        }
        metrics.sessionResumed();
        return new Opened(
            participant,
            resumption.connection(),
            token,
            true,
            moved || resumption.firstSinceAdoption());
      }
    }
    if (repository.wasLeft(claims.sessionId())) {
      throw new InvalidToken("the session was ended with leave");
    }
    return start(claims.userId());
  }

  private Opened start(String userId) throws UserIdTaken {
    Instant now = clock.instant();
    String sessionId = Identifiers.random(16);
    String token = tokens.issue(userId, sessionId, now.plus(settings.sessions().sessionTtl()));
    Participant participant = new Participant(userId, sessionId, sha256(token));
    live.awaitClosedGone(userId, CLOSING_WAIT_MILLIS);
    if (!live.admit(participant)) {
      throw new UserIdTaken(userId);
    }
    if (!directory.claim(userId, sessionId, participant.tokenHash())) {
      live.remove(participant);
      throw new UserIdTaken(userId);
    }
    repository.save(
        new SessionRecord(
            sessionId, userId, participant.tokenHash(), now, now, SessionRecord.State.OPEN));
    return new Opened(participant, participant.connection(), token, false, false);
  }

  /**
   * Connection {@code connection} of the session, from {@code address}, dropped without a clean
   * close: the session waits {@code RESUME_GRACE} for its client, its peers told, or ends at once
   * when there is no grace or the {@link GraceBudget} has no room for it. Nothing happens if
   * another connection serves the session now.
   */
  public void disconnect(Participant participant, long connection, String address) {
    if (settings.sessions().resumeGrace().isZero() || !graces.admit(participant, address)) {
      if (participant.isServedBy(connection)) {
        close(participant, "disconnected");
      }
      return;
    }
    if (!participant.isServedBy(connection)) {
      return;
    }
    matches.cancel(participant);
    Instant now = clock.instant();
    Set<String> peers = live.peersOf(participant);
    HeldLock.run(
        participant,
        () -> {
          if (!participant.disconnect(connection, now.plus(settings.sessions().resumeGrace()))) {
            return;
          }
          repository.mark(participant.sessionId(), SessionRecord.State.RECONNECTING, now);
          String userId = participant.userId();
          peers.forEach(peer -> notifier.peerReconnecting(peer, userId));
        });
  }

  /**
   * The user ends the session ({@code leave}): it is closed as by {@link #close}, its peers told
   * {@code disconnected}, and its token opens nothing any more (the record says {@code LEFT}).
   */
  public void leave(Participant participant) {
    if (participant.close()) {
      finish(participant, "disconnected");
      repository.markLeft(participant.sessionId(), clock.instant());
    }
  }

  /**
   * Ends the session: the user leaves the match queue, its match and every room, its peers told
   * with {@code reason}; the user id is free again afterwards. Only the first call does anything.
   */
  public void close(Participant participant, String reason) {
    if (participant.close()) {
      finish(participant, reason);
    }
  }

  /** Closes, with reason {@code timeout}, the sessions whose client did not come back in time. */
  public int expireGraces() {
    Instant now = clock.instant();
    int expired = 0;
    for (Participant participant : live.all()) {
      if (participant.closeIfGraceOver(now)) {
        finish(participant, "timeout");
        expired++;
      }
    }
    return expired;
  }

  /**
   * Cleans up after a session that has just been closed. Its rooms are read from the registry only
   * now, after the close, so a join racing the close is either left here or undone by the joiner.
   */
  private void finish(Participant participant, String reason) {
    try {
      matches.leave(participant, reason);
      rooms.leaveAll(participant, reason);
      notifier.forget(participant.userId(), participant.sessionId());
      repository.mark(participant.sessionId(), SessionRecord.State.CLOSED, clock.instant());
    } finally {
      directory.release(participant.userId(), participant.sessionId());
      live.remove(participant);
    }
  }

  /**
   * The server is shutting down: forgets the live session but leaves its persisted session, rooms
   * and match as they are, for the next start to restore; nobody is told.
   */
  public void suspend(Participant participant) {
    if (participant.close()) {
      live.remove(participant);
    }
  }

  /**
   * Brings back the sessions an earlier run left open or reconnecting whose tokens are still valid,
   * with their rooms and matches; each waits {@code RESUME_GRACE} for its client, counted from when
   * they have been read back (opening the database can take seconds). The others are recorded as
   * closed.
   */
  public void restore() {
    Instant now = clock.instant();
    Map<String, SessionRecord> restorable = new HashMap<>();
    for (SessionRecord record : repository.findLive()) {
      boolean valid =
          !settings.sessions().resumeGrace().isZero()
              && record.createdAt().plus(settings.sessions().sessionTtl()).isAfter(now)
              && live.get(record.userId()) == null;
      if (!valid || restorable.putIfAbsent(record.userId(), record) != null) {
        repository.mark(record.sessionId(), SessionRecord.State.CLOSED, now);
      }
    }
    Map<String, String> sessionIds = new HashMap<>();
    restorable.forEach((userId, record) -> sessionIds.put(userId, record.sessionId()));
    rooms.restore(sessionIds);
    matches.restore(restorable.keySet());
    Instant graceUntil = clock.instant().plus(settings.sessions().resumeGrace());
    for (SessionRecord record : restorable.values()) {
      Participant participant =
          Participant.restored(record.userId(), record.sessionId(), record.tokenHash(), graceUntil);
      live.put(participant);
      directory.claim(record.userId(), record.sessionId(), record.tokenHash());
      live.hold(record.userId(), record.sessionId());
      repository.mark(record.sessionId(), SessionRecord.State.RECONNECTING, now);
    }
  }

  /** Forgets the records of sessions that ended more than {@code SESSION_RETENTION} ago. */
  public void purgeEnded() {
    repository.deleteClosedBefore(clock.instant().minus(settings.sessions().sessionRetention()));
  }

  static String sha256(String token) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JVM", e);
    }
  }
}
