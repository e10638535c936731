package dev.duet.application;

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
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Live sessions: who is connected under which user id.
 *
 * <p>A user id is held by at most one live session; a second connection asking for it is refused.
 * Without a proposed id the server makes an unguessable one. Each session gets a token of which
 * only a SHA-256 hash is stored. Closing a session takes the user out of its match and every room.
 */
@ApplicationScoped
public class SessionService {
  private final ConcurrentMap<String, Participant> participants = new ConcurrentHashMap<>();

  @Inject Clock clock;
  @Inject Settings settings;
  @Inject RoomService rooms;
  @Inject MatchService matches;
  @Inject SessionRepository repository;

  /** A session just opened: the participant and the token to hand to the client. */
  public record Opened(Participant participant, String token) {}

  /**
   * Opens a session for the proposed user id, or for a new one when it is null.
   *
   * @throws IllegalArgumentException if the proposed id is not a valid id
   * @throws UserIdTaken if a live session holds the proposed id
   */
  public Opened open(String proposedUserId) throws UserIdTaken {
    if (proposedUserId != null && !Identifiers.isValid(proposedUserId)) {
      throw new IllegalArgumentException(
          "A user id is 1 to 64 characters of letters, digits, _ and -.");
    }
    String userId = proposedUserId != null ? proposedUserId : Identifiers.random(16);
    Instant now = clock.instant();
    Participant participant = new Participant(userId, Identifiers.random(16));
    if (participants.putIfAbsent(userId, participant) != null) {
      throw new UserIdTaken(userId);
    }
    String token = Identifiers.random(24);
    repository.save(
        new SessionRecord(
            participant.sessionId(), userId, sha256(token), now, now, SessionRecord.State.OPEN));
    return new Opened(participant, token);
  }

  /**
   * Ends the session: the user leaves the match queue, its match and every room, its partners told
   * with {@code reason}.
   */
  public void close(Participant participant, String reason) {
    if (!participants.remove(participant.userId(), participant)) {
      return;
    }
    Set<String> roomIds = participant.close();
    matches.leave(participant);
    rooms.leaveAll(participant, roomIds, reason);
    repository.markClosed(participant.sessionId(), clock.instant());
  }

  /**
   * The server is shutting down: forgets the live session but leaves its persisted session, rooms
   * and match as they are, for the next start to find; nobody is told.
   */
  public void suspend(Participant participant) {
    participants.remove(participant.userId(), participant);
    participant.close();
  }

  public Optional<Participant> find(String userId) {
    return Optional.ofNullable(participants.get(userId));
  }

  /** How many sessions are live. */
  public int count() {
    return participants.size();
  }

  /** Forgets the records of sessions that ended more than {@code SESSION_RETENTION} ago. */
  public void purgeEnded() {
    repository.deleteClosedBefore(clock.instant().minus(settings.sessionRetention()));
  }

  /** Closes the records of sessions left open by an earlier run. */
  public void closeStale() {
    repository.closeAllOpen(clock.instant());
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
