package dev.duet.domain;

import java.time.Instant;

/**
 * A user's session: the one identity behind a user id, and whether a connection serves it now.
 *
 * <p>A session outlives its connections. It is {@link State#CONNECTED} while a connection serves
 * it; when that connection drops abruptly it is {@link State#RECONNECTING} until its grace runs
 * out, and keeps its rooms and match meanwhile; a new connection presenting the session's token
 * resumes it, and a second connection while the first is open takes over. Each connection that
 * served the session has its own number, so the end of a connection that was taken over changes
 * nothing.
 *
 * <p>The rooms a session is in are not kept here: the room registry of the deployment, keyed by
 * user id, is their one record. Once {@link State#CLOSED}, a session joins nothing more. A join
 * records the membership first and then asks {@link #isClosed}, undoing the membership it made if
 * the session is closed; the one caller of {@link #close} that closed it reads the memberships to
 * clean up only afterwards. The close and the joiner's check both take this object's monitor, so
 * one of them comes first: if the check, the membership recorded before it precedes the close and
 * the clean-up's read, which sees it and leaves the room; if the close, the check sees the session
 * closed and the joiner undoes its own join. No lock is held across both steps, and this monitor is
 * never held while a room's lock or the registry is waited for.
 */
public final class Participant {
  /** Where a session stands. */
  public enum State {
    CONNECTED,
    RECONNECTING,
    CLOSED
  }

  /**
   * What resuming did: the number of the connection that serves the session now, whether the
   * session was waiting for its client, and whether this is its first connection since it was
   * {@link #adopted} (its client has not been served here before).
   */
  public record Resumption(long connection, boolean wasReconnecting, boolean firstSinceAdoption) {}

  private final String userId;
  private final String sessionId;
  private final String tokenHash;
  private State state;
  private long connection;
  private Instant graceUntil;
  private boolean adopted;
  private String acceptedTerms;
  private volatile Visitor visitor;
  private volatile boolean passedGate;

  /** A session that a connection has just opened. */
  public Participant(String userId, String sessionId, String tokenHash) {
    this.userId = userId;
    this.sessionId = sessionId;
    this.tokenHash = tokenHash;
    this.state = State.CONNECTED;
    this.connection = 1;
  }

  /**
   * A session of an earlier run, or of another instance, restored without a connection: it waits
   * for its client until {@code graceUntil}.
   */
  public static Participant restored(
      String userId, String sessionId, String tokenHash, Instant graceUntil) {
    Participant participant = new Participant(userId, sessionId, tokenHash);
    participant.state = State.RECONNECTING;
    participant.connection = 0;
    participant.graceUntil = graceUntil;
    return participant;
  }

  /**
   * A session another instance served until it died, taken over without a connection: as {@link
   * #restored}, and its first resumption says so, since what the dead instance had not yet sent its
   * client is lost.
   */
  public static Participant adopted(
      String userId, String sessionId, String tokenHash, Instant graceUntil) {
    Participant participant = restored(userId, sessionId, tokenHash, graceUntil);
    participant.adopted = true;
    return participant;
  }

  public String userId() {
    return userId;
  }

  public String sessionId() {
    return sessionId;
  }

  /** The SHA-256 hash of the session's token, hex. */
  public String tokenHash() {
    return tokenHash;
  }

  public synchronized State state() {
    return state;
  }

  public synchronized boolean isClosed() {
    return state == State.CLOSED;
  }

  /** The number of the connection serving the session now (0 for none yet). */
  public synchronized long connection() {
    return connection;
  }

  /** When the grace of a reconnecting session runs out; null otherwise. */
  public synchronized Instant graceUntil() {
    return graceUntil;
  }

  /**
   * A new connection takes the session: a reconnecting session is connected again, a connected one
   * passes from its old connection to the new. Returns null once closed.
   */
  public synchronized Resumption resume() {
    if (state == State.CLOSED) {
      return null;
    }
    boolean wasReconnecting = state == State.RECONNECTING;
    state = State.CONNECTED;
    graceUntil = null;
    boolean firstSinceAdoption = adopted;
    adopted = false;
    return new Resumption(++connection, wasReconnecting, firstSinceAdoption);
  }

  /**
   * Connection {@code connection} dropped: the session waits for its client until {@code
   * graceUntil}. Returns false, changing nothing, if another connection serves the session now or
   * it is not connected.
   */
  public synchronized boolean disconnect(long connection, Instant graceUntil) {
    if (state != State.CONNECTED || this.connection != connection) {
      return false;
    }
    state = State.RECONNECTING;
    this.graceUntil = graceUntil;
    return true;
  }

  /** Whether connection {@code connection} is the one serving the session. */
  public synchronized boolean isServedBy(long connection) {
    return state == State.CONNECTED && this.connection == connection;
  }

  /**
   * Closes the session; returns true for the one caller that closed it, who then cleans up (and
   * reads the session's rooms only now, so that a racing join is seen or undoes itself), false if
   * it was closed already.
   */
  public synchronized boolean close() {
    if (state == State.CLOSED) {
      return false;
    }
    state = State.CLOSED;
    graceUntil = null;
    return true;
  }

  /** Closes the session, as {@link #close}, only if it is reconnecting and its grace is over. */
  public synchronized boolean closeIfGraceOver(Instant now) {
    if (state != State.RECONNECTING || graceUntil.isAfter(now)) {
      return false;
    }
    return close();
  }

  /** The user accepted this version of the terms of use, as an adult ({@link TermsOfUse}). */
  public synchronized void acceptTerms(String version) {
    acceptedTerms = version;
  }

  /** The version of the terms of use the user accepted in this session, or null. */
  public synchronized String acceptedTerms() {
    return acceptedTerms;
  }

  /** Where the session was last served from, for bans; null before it was admitted. */
  public Visitor visitor() {
    return visitor;
  }

  /** The session is served from where {@code visitor} is now. */
  public void seenAs(Visitor visitor) {
    this.visitor = visitor;
  }

  /** Whether the session has passed the bot gate (a resumed session keeps it). */
  public boolean passedGate() {
    return passedGate;
  }

  /** The session has passed the bot gate. */
  public void passGate() {
    passedGate = true;
  }
}
