package dev.duet.application.port;

import dev.duet.domain.Role;
import dev.duet.domain.SignalType;
import java.time.Instant;
import java.util.List;

/**
 * Port: tells a connected user what happened. Every method addresses one recipient by user id,
 * returns at once (delivery is asynchronous and in call order per recipient); what is sent to a
 * user whose session waits for its client to reconnect is kept, bounded, and delivered on resume,
 * and what is sent to a user without a session is dropped. Services call it while they hold the
 * lock of the state the message describes, so every member sees changes in the same order.
 */
public interface PeerNotifier {

  void roomJoined(String to, String room, List<String> members);

  void peerJoined(String to, String room, String peerId);

  void roleAssigned(String to, Role role, String peerId, String room);

  void roomLeft(String to, String room);

  /**
   * The recipient is in the random-match queue since {@code since}. {@code seq} here and below: the
   * recipient's sequence number of a match notification ({@link MatchQueue.Started}); those with a
   * number are delivered in its order (a gap waits a moment for what is missing), 0 at once.
   */
  void waiting(String to, Instant since, long seq);

  /** A random match has been made: the recipient's role, partner and the interests they share. */
  void matched(
      String to, Role role, String peerId, String matchId, List<String> commonInterests, long seq);

  /** The recipient's random match ended: {@code reason} is "skipped" or "disconnected". */
  void matchEnded(String to, String peerId, String matchId, String reason, long seq);

  void peerLeft(String to, String room, String peerId, String reason);

  /**
   * Relays signaling from {@code from}; the payload, JSON text or null, is passed on exactly as it
   * came.
   */
  void signal(String to, String from, SignalType type, String payload, String messageId);

  /** Delivers one chat message. */
  void chat(String to, ChatLine line);

  /**
   * The user ended its match {@code matchId} itself (a skip, a hang-up, a block): its client knows,
   * so a start of that match still on its way from another instance is not sent.
   */
  void matchLeft(String userId, String matchId, long seq);

  /** {@code peerId}'s connection dropped; it may come back within {@code RESUME_GRACE}. */
  void peerReconnecting(String to, String peerId);

  /** {@code peerId} is back, with its rooms and match as they were. */
  void peerReconnected(String to, String peerId);

  /**
   * Keeps what is sent to the user, bounded, until a connection resumes its session {@code
   * sessionId}; for sessions restored or taken over without a connection. {@code knownMatchId} is
   * the random match the user was already told of (null for none), whose end is then sent; match
   * notifications numbered up to {@code lastSeq} are out of date and not sent.
   */
  void hold(String userId, String sessionId, String knownMatchId, long lastSeq);

  /** The user's session {@code sessionId} has ended: nothing more is kept or sent for it. */
  void forget(String userId, String sessionId);

  /**
   * Delivers a frame that another instance made to the user's session on this instance ({@code
   * event}: the match it starts or ends, or null); returns false if no session of this instance is
   * the user's. The end of a match reaches the user only after its start, whichever instance sent
   * either.
   */
  boolean deliver(String to, String frame, Relay.MatchEvent event);

  /**
   * The user's session {@code sessionId} moved to another instance: the connection serving it here,
   * if any, is closed with 4409 "session moved", and the frames kept or not yet sent for it are
   * returned, oldest first, to be forwarded.
   */
  List<String> release(String userId, String sessionId);
}
