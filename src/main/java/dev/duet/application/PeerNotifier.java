package dev.duet.application;

import dev.duet.domain.Role;
import dev.duet.domain.SignalType;
import java.time.Instant;
import java.util.List;

/**
 * Port: tells a connected user what happened. Every method addresses one recipient by user id,
 * returns at once (delivery is asynchronous and in call order per recipient) and silently drops the
 * message when the recipient is no longer connected. Services call it while they hold the lock of
 * the state the message describes, so every member sees changes in the same order.
 */
public interface PeerNotifier {

  void roomJoined(String to, String room, List<String> members);

  void peerJoined(String to, String room, String peerId);

  void roleAssigned(String to, Role role, String peerId, String room);

  void roomLeft(String to, String room);

  /** The recipient is in the random-match queue since {@code since}. */
  void waiting(String to, Instant since);

  /** A random match has been made: the recipient's role, partner and the interests they share. */
  void matched(String to, Role role, String peerId, String matchId, List<String> commonInterests);

  /** The recipient's random match ended: {@code reason} is "skipped" or "disconnected". */
  void matchEnded(String to, String peerId, String matchId, String reason);

  void peerLeft(String to, String room, String peerId, String reason);

  /**
   * Relays signaling from {@code from}; the payload, JSON text or null, is passed on exactly as it
   * came.
   */
  void signal(String to, String from, SignalType type, String payload, String messageId);

  /** Delivers one chat message. */
  void chat(String to, ChatLine line);
}
