package dev.duet.domain;

import java.util.Collections;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A connected user: the one identity behind a live session, and the rooms it is in.
 *
 * <p>A user id belongs to at most one live participant at a time. Once closed, a participant joins
 * nothing more: {@link #addRoom} and {@link #close} share this object's monitor, so a join racing a
 * disconnect either is seen by the disconnect's clean-up or is refused. The room set may be read
 * from any thread without locking.
 */
public final class Participant {
  private final String userId;
  private final String sessionId;
  private final Set<String> rooms = ConcurrentHashMap.newKeySet();

  public Participant(String userId, String sessionId) {
    this.userId = userId;
    this.sessionId = sessionId;
  }

  public String userId() {
    return userId;
  }

  public String sessionId() {
    return sessionId;
  }

  private boolean closed;

  /** The ids of the rooms this participant is in (a live, read-only view). */
  public Set<String> rooms() {
    return Collections.unmodifiableSet(rooms);
  }

  /** Records membership of a room; returns false (and records nothing) once closed. */
  public synchronized boolean addRoom(String roomId) {
    if (closed) {
      return false;
    }
    rooms.add(roomId);
    return true;
  }

  public void removeRoom(String roomId) {
    rooms.remove(roomId);
  }

  public synchronized boolean isClosed() {
    return closed;
  }

  /** Marks the participant closed and returns the rooms it was in at that moment. */
  public synchronized Set<String> close() {
    closed = true;
    return Set.copyOf(rooms);
  }
}
