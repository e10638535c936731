package dev.duet.interfaces.websocket;

import jakarta.websocket.CloseReason;
import jakarta.websocket.CloseReason.CloseCodes;
import jakarta.websocket.Session;
import java.io.IOException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The close codes Duet sends, and the close policy: which ends of a connection end its session at
 * once. A clean close (1000 or 1001 from the client, or a {@code leave}) ends it, and so do the
 * server's closes for abuse (4429, 1009); any other end (a dropped network, 4408 for silence, 1013
 * for a client too slow) lets the session wait {@code RESUME_GRACE} for its client to come back.
 */
final class Closes {
  /** The proposed user id is not a valid id. */
  static final int BAD_USER_ID = 4400;

  /**
   * The proposed user id is held by a live session, or (with reason "session moved") a newer
   * connection has taken this one's session over.
   */
  static final int USER_ID_TAKEN = 4409;

  /** The session token is forged, expired or names another user id. */
  static final int BAD_TOKEN = 4401;

  /** A ban keeps the client out; the reason is the ban's ({@code Ban#closeReason}). */
  static final int BANNED = 4403;

  /** Nothing arrived from the client for {@code CONNECTION_TIMEOUT}. */
  static final int TIMEOUT = 4408;

  /** The client could not be sent to: too slow (send queue full) or the connection broke. */
  static final int TOO_SLOW = CloseCodes.TRY_AGAIN_LATER.getCode();

  /**
   * Too many connections from the client's address (when two handshakes passed the check at once),
   * or messages far over the rate limit for long.
   */
  static final int LIMITED = 4429;

  /** A message grew over {@code MAX_MESSAGE_BYTES} while it was still arriving. */
  static final int TOO_BIG = CloseCodes.TOO_BIG.getCode();

  /** The handshake did not pass Duet's checks ({@code HandshakeFilter} never saw it). */
  static final int UNCHECKED = CloseCodes.VIOLATED_POLICY.getCode();

  static final int NORMAL = CloseCodes.NORMAL_CLOSURE.getCode();

  static final int GOING_AWAY = CloseCodes.GOING_AWAY.getCode();

  static final int ABNORMAL = CloseCodes.CLOSED_ABNORMALLY.getCode();

  private static final Logger LOG = Logger.getLogger(Closes.class.getName());

  private Closes() {}

  /**
   * Whether a connection that ended with {@code code} ends its session at once: {@code byServer} is
   * the code the server closed it with, 0 if the client closed it.
   */
  static boolean endsSession(int code, int byServer) {
    if (byServer == 0) {
      return code == NORMAL || code == GOING_AWAY;
    }
    return byServer == NORMAL || byServer == LIMITED || byServer == TOO_BIG || byServer == BANNED;
  }

  /**
   * Closes a connection whose session a newer connection, here or on another instance, now serves:
   * 4409 "session moved".
   */
  static void moved(Session session) {
    close(session, USER_ID_TAKEN, "session moved");
  }

  /** Closes the WebSocket; a connection that is already gone is logged, not thrown. */
  static void close(Session session, int code, String reason) {
    try {
      session.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(code), reason));
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.FINE, "Closing a connection failed", e);
    }
  }
}
