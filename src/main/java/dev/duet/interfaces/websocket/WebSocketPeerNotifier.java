package dev.duet.interfaces.websocket;

import dev.duet.application.port.ChatLine;
import dev.duet.application.port.PeerNotifier;
import dev.duet.application.port.Relay;
import dev.duet.application.settings.Settings;
import dev.duet.domain.Role;
import dev.duet.domain.SignalType;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Delivers notifications to the users of this server: the routing table from user id to the
 * session's {@link Mailbox}; each notification's frame is made by {@link ServerFrames}. A mailbox
 * lives as long as its session, across the connections that serve it. A frame for a user without a
 * mailbox here goes to the {@link Relay}, which finds the instance of a cluster that serves it.
 * Match notifications are sent in the order of their sequence numbers; one that is missing is
 * waited for {@value #GAP_MILLIS} ms at most (it was lost with an instance that died).
 */
@ApplicationScoped
public class WebSocketPeerNotifier implements PeerNotifier {
  private static final Logger LOG = Logger.getLogger(WebSocketPeerNotifier.class.getName());
  private static final long GAP_MILLIS = 2_000;
  private final ConcurrentMap<String, Mailbox> mailboxes = new ConcurrentHashMap<>();

  @Resource(lookup = "java:app/duet/scheduler")
  ManagedScheduledExecutorService scheduler;

  @Inject ServerFrames frames;
  @Inject Settings settings;
  @Inject Relay relay;

  /**
   * The mailbox of the user's session {@code sessionId}, made if the user has none here or one of
   * another session; a connection that serves the session {@link Mailbox#resume resumes} it.
   */
  Mailbox mailboxFor(String userId, String sessionId) {
    return mailboxes.compute(
        userId,
        (id, known) ->
            known != null && known.sessionId().equals(sessionId) ? known : mailbox(sessionId, 0));
  }

  @Override
  public void hold(String userId, String sessionId, String knownMatchId, long lastSeq) {
    Mailbox mailbox = mailbox(sessionId, lastSeq);
    if (knownMatchId != null) {
      mailbox.known(knownMatchId);
    }
    mailboxes.put(userId, mailbox);
  }

  @Override
  public void forget(String userId, String sessionId) {
    mailboxes.computeIfPresent(
        userId, (id, known) -> known.sessionId().equals(sessionId) ? null : known);
  }

  private Mailbox mailbox(String sessionId, long lastSeq) {
    return new Mailbox(
        sessionId,
        settings.sessions().resumeBufferMessages(),
        settings.sessions().resumeBufferBytes(),
        lastSeq);
  }

  private void send(String to, String frame, Relay.MatchEvent event) {
    if (!deliver(to, frame, event)) {
      relay.forward(to, frame, event);
    }
  }

  @Override
  public void matchLeft(String userId, String matchId, long seq) {
    Mailbox mailbox = mailboxes.get(userId);
    if (mailbox != null) {
      mailbox.left(matchId);
      inOrder(mailbox, seq, () -> {});
    }
  }

  @Override
  public boolean deliver(String to, String frame, Relay.MatchEvent event) {
    Mailbox mailbox = mailboxes.get(to);
    if (mailbox == null) {
      return false;
    }
    if (event == null) {
      mailbox.send(frame);
      return true;
    }
    Runnable delivery;
    if (event.matchId() == null) {
      delivery = () -> mailbox.waiting(frame);
    } else if (event.started()) {
      delivery = () -> mailbox.started(event.matchId(), frame);
    } else {
      delivery = () -> mailbox.ended(event.matchId(), frame);
    }
    inOrder(mailbox, event.seq(), delivery);
    return true;
  }

  private void inOrder(Mailbox mailbox, long seq, Runnable delivery) {
    if (mailbox.inOrder(seq, delivery)) {
      try {
        scheduler.schedule(mailbox::skipGap, GAP_MILLIS, TimeUnit.MILLISECONDS);
      } catch (RuntimeException e) {
        LOG.log(Level.FINE, "Scheduler unavailable: not waiting for a missing notification", e);
        mailbox.skipGap();
      }
    }
  }

  @Override
  public List<String> release(String userId, String sessionId) {
    Mailbox mailbox = mailboxes.get(userId);
    if (mailbox == null || !mailbox.sessionId().equals(sessionId)) {
      return List.of();
    }
    mailboxes.remove(userId, mailbox);
    Mailbox.Released released = mailbox.release();
    if (released.outbox() != null) {
      closeMoved(released.outbox());
    }
    return released.frames();
  }

  /**
   * Closes a connection whose session moved to another (4409 {@code session moved}) once the frame
   * it was writing, if any, is written ({@link Outbox#afterInFlight}), or after {@value
   * #GAP_MILLIS} ms, whichever comes first.
   */
  void closeMoved(Outbox previous) {
    AtomicBoolean closed = new AtomicBoolean();
    Runnable close =
        () -> {
          if (closed.compareAndSet(false, true)) {
            Closes.moved(previous.session());
          }
        };
    previous.afterInFlight(close);
    try {
      scheduler.schedule(close, GAP_MILLIS, TimeUnit.MILLISECONDS);
    } catch (RuntimeException e) {
      close.run();
    }
  }

  @Override
  public void roomJoined(String to, String room, List<String> members) {
    send(to, frames.roomJoined(to, room, members), null);
  }

  @Override
  public void peerJoined(String to, String room, String peerId) {
    send(to, frames.peerJoined(to, room, peerId), null);
  }

  @Override
  public void roleAssigned(String to, Role role, String peerId, String room) {
    send(to, frames.roleAssigned(to, role, peerId, room), null);
  }

  @Override
  public void roomLeft(String to, String room) {
    send(to, frames.roomLeft(to, room), null);
  }

  @Override
  public void peerLeft(String to, String room, String peerId, String reason) {
    send(to, frames.peerLeft(to, room, peerId, reason), null);
  }

  @Override
  public void waiting(String to, Instant since, long seq) {
    send(to, frames.waiting(to, since), new Relay.MatchEvent(null, false, seq));
  }

  @Override
  public void matched(
      String to, Role role, String peerId, String matchId, List<String> commonInterests, long seq) {
    send(
        to,
        frames.matched(to, role, peerId, matchId, commonInterests),
        new Relay.MatchEvent(matchId, true, seq));
  }

  @Override
  public void matchEnded(String to, String peerId, String matchId, String reason, long seq) {
    send(
        to,
        frames.matchEnded(to, peerId, matchId, reason),
        new Relay.MatchEvent(matchId, false, seq));
  }

  @Override
  public void signal(String to, String from, SignalType type, String payload, String messageId) {
    send(to, frames.signal(to, from, type, payload, messageId), null);
  }

  @Override
  public void chat(String to, ChatLine line) {
    send(to, frames.chat(to, line), null);
  }

  @Override
  public void peerReconnecting(String to, String peerId) {
    send(to, frames.peerReconnecting(to, peerId), null);
  }

  @Override
  public void peerReconnected(String to, String peerId) {
    send(to, frames.peerReconnected(to, peerId), null);
  }
}
