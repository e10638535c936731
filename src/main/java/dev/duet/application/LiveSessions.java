package dev.duet.application;

import dev.duet.application.port.PeerNotifier;
import dev.duet.domain.Ban;
import dev.duet.domain.Match;
import dev.duet.domain.Participant;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The live sessions of this instance, one {@link Participant} per user id, connected or waiting for
 * its client; what {@link SessionService} and {@link SessionHandover} change, and what the counters
 * read.
 */
@ApplicationScoped
public class LiveSessions {
  private final ConcurrentMap<String, Participant> participants = new ConcurrentHashMap<>();

  @Inject RoomService rooms;
  @Inject MatchService matches;
  @Inject PeerNotifier notifier;

  public Optional<Participant> find(String userId) {
    return Optional.ofNullable(participants.get(userId));
  }

  /** The sessions a ban applies to (their visitor is the ban's subject). */
  List<Participant> bannedBy(Ban ban) {
    return participants.values().stream()
        .filter(p -> p.visitor() != null && p.visitor().isSubjectOf(ban))
        .toList();
  }

  Participant get(String userId) {
    return participants.get(userId);
  }

  /** Adds the session unless another holds its user id here; returns whether it was added. */
  boolean admit(Participant participant) {
    return participants.putIfAbsent(participant.userId(), participant) == null;
  }

  /** Adds the session, replacing whatever held its user id. */
  void put(Participant participant) {
    participants.put(participant.userId(), participant);
  }

  /** Removes the session, if it is still the one of its user id. */
  void remove(Participant participant) {
    if (participants.remove(participant.userId(), participant)) {
      synchronized (this) {
        notifyAll();
      }
    }
  }

  /**
   * Waits up to {@code millis} for a closed session of this user id to be removed: the clean-up of
   * a session tells its peers before it frees the id, and a client told that its old session ended
   * may come back with that id at once.
   */
  void awaitClosedGone(String userId, long millis) {
    long deadline = System.nanoTime() + millis * 1_000_000;
    synchronized (this) {
      for (Participant present = participants.get(userId);
          present != null && present.isClosed();
          present = participants.get(userId)) {
        long left = (deadline - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
          return;
        }
        try {
          wait(left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  Collection<Participant> all() {
    return participants.values();
  }

  /** How many sessions there are, connected or reconnecting. */
  public int count() {
    return participants.size();
  }

  /** How many sessions wait for their client to reconnect. */
  public int reconnecting() {
    return (int)
        participants.values().stream()
            .filter(participant -> participant.state() == Participant.State.RECONNECTING)
            .count();
  }

  /**
   * A session comes here without a connection: what is sent to it is kept; it knows its current
   * match, and the match notifications made before now are out of date (its client gets the state
   * as it is now when it resumes).
   */
  void hold(String userId, String sessionId) {
    String knownMatch = matches.matchOf(userId).map(Match::id).orElse(null);
    notifier.hold(userId, sessionId, knownMatch, matches.lastSeq(userId));
  }

  /** The users who share a room or the random match with the session's user. */
  Set<String> peersOf(Participant participant) {
    Set<String> peers = new TreeSet<>(rooms.peersOf(participant));
    matches.partnerOf(participant.userId()).ifPresent(peers::add);
    return peers;
  }
}
