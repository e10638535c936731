package dev.duet.application;

import dev.duet.application.port.PeerNotifier;
import dev.duet.application.port.Relay;
import dev.duet.application.port.SessionDirectory;
import dev.duet.application.port.SessionRepository;
import dev.duet.application.port.SessionTokens;
import dev.duet.application.settings.Settings;
import dev.duet.domain.Participant;
import dev.duet.domain.SessionRecord;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Sessions moving between the instances of a cluster. The {@link SessionDirectory} holds each user
 * id for one session across all instances. A token whose session another instance serves resumes it
 * here ({@link #arrive}): that instance lets go of it ({@link #movedAway}) and forwards what it
 * kept, and the {@link Relay} delivers what was buffered while no instance served it. The sessions
 * of an instance that died are adopted by a live one as if their connections had dropped ({@link
 * #adoptOrphans}): their peers are told {@code peer_reconnecting}, and each waits {@code
 * RESUME_GRACE} for its client, on any instance.
 */
@ApplicationScoped
public class SessionHandover {
  @Inject Clock clock;
  @Inject Settings settings;
  @Inject RoomService rooms;
  @Inject MatchService matches;
  @Inject SessionRepository repository;
  @Inject PeerNotifier notifier;
  @Inject SessionDirectory directory;
  @Inject Relay relay;
  @Inject LiveSessions live;

  private final AtomicBoolean rejoinPending = new AtomicBoolean();

  /**
   * Brings here the live session of the token that another instance serves, or served when it died,
   * or that this instance is adopting at this moment: a participant waiting for its client, in the
   * rooms the registry has it in. Null if there is none, or if this instance has adopted it since
   * the caller looked (then the caller takes the frames held for it, and tells it the state as
   * after any move).
   */
  Participant arrive(SessionTokens.Claims claims, String tokenHash) {
    String userId = claims.userId();
    Optional<SessionDirectory.Entry> entry =
        directory
            .find(userId)
            .filter(e -> e.sessionId().equals(claims.sessionId()))
            .filter(e -> e.tokenHash().equals(tokenHash));
    if (entry.isEmpty()) {
      return null;
    }
    Optional<String> previous = directory.takeOver(userId, claims.sessionId());
    if (previous.isEmpty()) {
      return null;
    }
    Participant arrived =
        Participant.restored(
            userId,
            claims.sessionId(),
            tokenHash,
            clock.instant().plus(settings.sessions().resumeGrace()));
    if (!live.admit(arrived)) {
      return null;
    }
    matches.cancel(arrived);
    live.hold(userId, claims.sessionId());
    relay.arrived(userId, claims.sessionId(), previous.get());
    return arrived;
  }

  /**
   * Session {@code sessionId} of the user was resumed on another instance: it is forgotten here,
   * nobody told, and what was kept for it is forwarded there.
   */
  public void movedAway(String userId, String sessionId) {
    Participant participant = live.get(userId);
    if (participant == null || !participant.sessionId().equals(sessionId) || !participant.close()) {
      return;
    }
    live.remove(participant);
    notifier.release(userId, sessionId).forEach(frame -> relay.forward(userId, frame, null));
  }

  /**
   * Records a live session of this instance in the cluster again: its user id and, if another
   * instance adopted it while this one was paused past its lease, takes it back from there (its
   * peers are told {@code peer_reconnected}). Its rooms are recorded again by {@link
   * RoomService#rejoin}, for all the sessions at once.
   */
  private void rejoin(Participant participant) {
    String userId = participant.userId();
    String sessionId = participant.sessionId();
    if (!directory.claim(userId, sessionId, participant.tokenHash())) {
      directory
          .find(userId)
          .filter(entry -> entry.sessionId().equals(sessionId))
          .filter(entry -> !entry.instance().equals(settings.cluster().instanceId()))
          .flatMap(entry -> directory.takeOver(userId, sessionId))
          .ifPresent(
              previous -> {
                relay.arrived(userId, sessionId, previous);
                live.peersOf(participant).forEach(peer -> notifier.peerReconnected(peer, userId));
              });
    }
  }

  /**
   * Renews this instance's lease in the cluster, on a thread that waits for nothing else. When the
   * instance (re)joins, as after Redis restarted empty or after a pause past its lease, the next
   * {@link #adoptOrphans} records its live sessions and their room memberships again.
   */
  public void renewLease() {
    if (directory.renewLease()) {
      rejoinPending.set(true);
    }
  }

  /**
   * Records this instance's live sessions again if it (re)joined the cluster since the last call,
   * and their room memberships as the database has them (the registry may have lost them); then
   * adopts the sessions of instances that died, as if their connections had dropped: each leaves
   * the random-match queue and waits {@code RESUME_GRACE} from now for its client, its peers told
   * {@code peer_reconnecting}. Returns how many were adopted.
   */
  public int adoptOrphans() {
    if (rejoinPending.getAndSet(false)) {
      List<Participant> open = live.all().stream().filter(p -> !p.isClosed()).toList();
      rooms.rejoin(open);
      open.forEach(this::rejoin);
    }
    List<SessionDirectory.Entry> orphans = directory.adoptOrphans();
    Instant graceUntil = clock.instant().plus(settings.sessions().resumeGrace());
    for (SessionDirectory.Entry orphan : orphans) {
      Participant participant =
          Participant.adopted(orphan.userId(), orphan.sessionId(), orphan.tokenHash(), graceUntil);
      synchronized (participant) {
        if (!live.admit(participant)) {
          continue;
        }
        live.hold(orphan.userId(), orphan.sessionId());
      }
      matches.cancel(participant);
      repository.mark(orphan.sessionId(), SessionRecord.State.RECONNECTING, clock.instant());
      Set<String> peers = live.peersOf(participant);
      HeldLock.run(
          participant,
          () -> peers.forEach(peer -> notifier.peerReconnecting(peer, orphan.userId())));
    }
    return orphans.size();
  }
}
