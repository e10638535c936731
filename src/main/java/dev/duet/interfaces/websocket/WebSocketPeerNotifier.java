package dev.duet.interfaces.websocket;

import dev.duet.application.ChatLine;
import dev.duet.application.PeerNotifier;
import dev.duet.application.Relay;
import dev.duet.application.Settings;
import dev.duet.domain.Role;
import dev.duet.domain.SignalType;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Delivers notifications to the users of this server: the routing table from user id to the
 * session's {@link Mailbox}, and the mapping of each notification to its protocol record. A mailbox
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

  @Inject Clock clock;
  @Inject Settings settings;
  @Inject Relay relay;

  /**
   * Connection {@code next} now serves the user's session {@code sessionId}: it gets {@code
   * first(dropped)} (the {@code session} frame), then whatever was kept or left unsent for the
   * session, then everything. Returns the outbox of the connection it took over, or null.
   */
  Outbox connect(String userId, String sessionId, Outbox next, IntFunction<String> first) {
    Mailbox mailbox =
        mailboxes.compute(
            userId,
            (id, known) ->
                known != null && known.sessionId().equals(sessionId)
                    ? known
                    : mailbox(sessionId, 0));
    return mailbox.resume(next, first);
  }

  /** The connection of {@code gone} dropped: what is sent to the user is kept for a while. */
  void connectionLost(String userId, Outbox gone) {
    Mailbox mailbox = mailboxes.get(userId);
    if (mailbox != null) {
      mailbox.hold(gone);
    }
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
        sessionId, settings.resumeBufferMessages(), settings.resumeBufferBytes(), lastSeq);
  }

  /** The current time as every frame carries it: RFC 3339, UTC, milliseconds. */
  String now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS).toString();
  }

  private void send(String to, ServerMessage message) {
    send(to, ServerMessageEncoder.write(message), null);
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
      delivery = () -> mailbox.send(frame);
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
      try {
        DuetEndpoint.close(
            released.outbox().session(), DuetEndpoint.CLOSE_USER_ID_TAKEN, "session moved");
      } catch (IOException | RuntimeException e) {
        LOG.log(Level.FINE, "Closing a connection whose session moved failed", e);
      }
    }
    return released.frames();
  }

  @Override
  public void roomJoined(String to, String room, List<String> members) {
    send(
        to,
        new ServerMessage.RoomJoined(
            ServerMessage.SYSTEM,
            to,
            room,
            new ServerMessage.RoomPayload(room, "joined", members),
            null,
            now()));
  }

  @Override
  public void peerJoined(String to, String room, String peerId) {
    send(
        to,
        new ServerMessage.PeerJoined(
            ServerMessage.SYSTEM, to, room, new ServerMessage.PeerPayload(room, peerId), now()));
  }

  @Override
  public void roleAssigned(String to, Role role, String peerId, String room) {
    send(
        to,
        new ServerMessage.AssignRole(
            ServerMessage.SYSTEM,
            to,
            room,
            new ServerMessage.RolePayload(wireName(role), peerId, room, null, null),
            now()));
  }

  @Override
  public void roomLeft(String to, String room) {
    send(
        to,
        new ServerMessage.RoomLeft(
            ServerMessage.SYSTEM,
            to,
            room,
            new ServerMessage.RoomPayload(room, "left", null),
            null,
            now()));
  }

  @Override
  public void peerLeft(String to, String room, String peerId, String reason) {
    send(
        to,
        new ServerMessage.PeerLeft(
            ServerMessage.SYSTEM,
            to,
            room,
            new ServerMessage.PeerLeftPayload(room, peerId, reason, null),
            now()));
  }

  @Override
  public void waiting(String to, Instant since, long seq) {
    send(
        to,
        ServerMessageEncoder.write(
            new ServerMessage.Waiting(
                ServerMessage.SYSTEM,
                to,
                new ServerMessage.WaitingPayload(since.truncatedTo(ChronoUnit.MILLIS).toString()),
                now())),
        new Relay.MatchEvent(null, false, seq));
  }

  @Override
  public void matched(
      String to, Role role, String peerId, String matchId, List<String> commonInterests, long seq) {
    send(
        to,
        ServerMessageEncoder.write(
            new ServerMessage.AssignRole(
                ServerMessage.SYSTEM,
                to,
                null,
                new ServerMessage.RolePayload(
                    wireName(role), peerId, null, matchId, commonInterests),
                now())),
        new Relay.MatchEvent(matchId, true, seq));
  }

  @Override
  public void matchEnded(String to, String peerId, String matchId, String reason, long seq) {
    send(
        to,
        ServerMessageEncoder.write(
            new ServerMessage.PeerLeft(
                ServerMessage.SYSTEM,
                to,
                null,
                new ServerMessage.PeerLeftPayload(null, peerId, reason, matchId),
                now())),
        new Relay.MatchEvent(matchId, false, seq));
  }

  private static String wireName(Role role) {
    return role.name().toLowerCase(Locale.ROOT);
  }

  @Override
  public void signal(String to, String from, SignalType type, String payload, String messageId) {
    send(to, ServerMessageEncoder.signal(type, from, to, payload, messageId, now()), null);
  }

  @Override
  public void chat(String to, ChatLine line) {
    send(
        to,
        new ServerMessage.ChatMessage(
            line.fromUser(),
            line.toUser() != null ? line.toUser() : to,
            line.room(),
            new ServerMessage.ChatPayload(line.content()),
            line.incoming(),
            line.messageId(),
            now()));
  }

  @Override
  public void peerReconnecting(String to, String peerId) {
    send(
        to,
        new ServerMessage.PeerReconnecting(
            ServerMessage.SYSTEM, to, new ServerMessage.PeerPayload(null, peerId), now()));
  }

  @Override
  public void peerReconnected(String to, String peerId) {
    send(
        to,
        new ServerMessage.PeerReconnected(
            ServerMessage.SYSTEM, to, new ServerMessage.PeerPayload(null, peerId), now()));
  }
}
