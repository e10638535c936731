package dev.duet.application;

import dev.duet.application.port.ChatLine;
import dev.duet.application.port.PeerNotifier;
import dev.duet.domain.Chat;
import dev.duet.domain.ErrorCode;
import dev.duet.domain.Participant;
import dev.duet.domain.RuleViolation;
import dev.duet.domain.SignalType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Messages between peers: WebRTC signaling and direct chat. A peer is the sender's random-match
 * partner or a user who shares a room with the sender; to anyone else nothing is delivered and the
 * sender gets {@code not_your_peer}. A hang-up to the match partner ends the match before it is
 * delivered, so whatever the partner answers to it is judged as between users who are no longer
 * peers. This is the relay path: it touches no database and logs nothing.
 */
@ApplicationScoped
public class SignalingService {

  @Inject RoomService rooms;
  @Inject MatchService matches;
  @Inject PeerNotifier notifier;

  /** Passes signaling on to a current peer, its payload (JSON text) untouched. */
  public void relay(
      Participant sender, String toUser, SignalType type, String payload, String messageId) {
    Runnable delivery = () -> notifier.signal(toUser, sender.userId(), type, payload, messageId);
    if (type == SignalType.HANGUP && matches.hangUp(sender, toUser, delivery)) {
      return;
    }
    requirePeer(sender, toUser);
    delivery.run();
  }

  /** Sends chat to a current peer; the sender gets its own copy marked as not incoming. */
  public void chat(Participant sender, String toUser, String content, String messageId) {
    Chat.requireContent(content);
    requirePeer(sender, toUser);
    String from = sender.userId();
    notifier.chat(toUser, new ChatLine(from, toUser, null, content, true, messageId));
    notifier.chat(from, new ChatLine(from, toUser, null, content, false, messageId));
  }

  private void requirePeer(Participant sender, String toUser) {
    boolean peer =
        toUser != null
            && !toUser.equals(sender.userId())
            && (toUser.equals(matches.partnerOf(sender.userId()).orElse(null))
                || rooms.shareRoom(sender, toUser));
    if (!peer) {
      throw new RuleViolation(
          ErrorCode.NOT_YOUR_PEER, "You can only message a peer you share a room or match with.");
    }
  }
}
