package dev.duet.application;

import dev.duet.application.port.ChatLine;
import dev.duet.application.port.PeerNotifier;
import dev.duet.application.port.RoomRegistry;
import dev.duet.application.port.RoomRepository;
import dev.duet.application.port.SessionTokens;
import dev.duet.application.settings.Settings;
import dev.duet.domain.Chat;
import dev.duet.domain.ErrorCode;
import dev.duet.domain.Identifiers;
import dev.duet.domain.Participant;
import dev.duet.domain.Role;
import dev.duet.domain.Room;
import dev.duet.domain.RoomSnapshot;
import dev.duet.domain.RuleViolation;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Rooms joined by id: joining, leaving, room chat and the removal of rooms left empty for longer
 * than {@code ROOM_TTL}.
 *
 * <p>The rooms themselves are in the {@link RoomRegistry}, in memory or shared by a cluster. Here
 * each room is changed under a lock for its id, and everything a change tells the members is handed
 * to the {@link PeerNotifier} before the lock is released, so every member sees the joins, leaves
 * and chat this instance handles in one order. Rooms are persisted after each change, off the
 * calling thread.
 */
@ApplicationScoped
public class RoomService {
  private static final int LOCKS = 256;
  private static final int MAX_PASSCODE = 128;
  private final Object[] locks = new Object[LOCKS];

  @Inject Settings settings;
  @Inject Clock clock;
  @Inject PeerNotifier notifier;
  @Inject RoomRepository repository;
  @Inject RoomRegistry registry;
  @Inject SessionTokens tokens;

  public RoomService() {
    for (int i = 0; i < LOCKS; i++) {
      locks[i] = new Object();
    }
  }

  private Object lockFor(String roomId) {
    return locks[Math.floorMod(roomId.hashCode(), LOCKS)];
  }

  /**
   * Puts the participant in the room, creating the room if needed. The joiner gets {@code
   * room_joined}; the others {@code peer_joined}; a pair that has just formed gets its roles. A
   * user is in at most {@code MAX_ROOMS_PER_USER} rooms, and a room without members is joined only
   * while the server holds fewer than {@code MAX_ROOMS} (both {@code too_many_rooms}). A room made
   * with a passcode takes in only those who present it ({@code wrong_passcode}, see {@link Room});
   * the passcode is kept as its keyed digest ({@link SessionTokens#pseudonym}) only.
   *
   * <p>A session closing meanwhile never stays behind in the room: the membership is recorded in
   * the registry first and the session's state asked after, and the clean-up of a closed session
   * reads its rooms from the registry only once the session is closed ({@link #leaveAll}). So
   * either the clean-up's read comes after the record and sees it (it leaves the room, waiting for
   * this room's lock, after everything this join told), or the record comes after that read, hence
   * after the close, and the check here sees the session closed and takes back, telling nobody, the
   * membership this join made.
   */
  public void join(Participant participant, String roomId, String passcode) {
    Identifiers.requireRoomId(roomId);
    String digest = digestOf(roomId, passcode);
    String userId = participant.userId();
    Set<String> current = registry.roomsOf(userId);
    if (!current.contains(roomId) && current.size() >= settings.rooms().maxRoomsPerUser()) {
      throw new RuleViolation(
          ErrorCode.TOO_MANY_ROOMS,
          "You can be in at most " + settings.rooms().maxRoomsPerUser() + " rooms at once.");
    }
    if (registry.rooms() >= settings.rooms().maxRooms() && registry.members(roomId).isEmpty()) {
      throw new RuleViolation(
          ErrorCode.TOO_MANY_ROOMS,
          "The server holds as many rooms as it can; join an existing room or try again later.");
    }
    HeldLock.run(lockFor(roomId), () -> joinLocked(participant, roomId, digest));
  }

  private void joinLocked(Participant participant, String roomId, String digest) {
    String userId = participant.userId();
    RoomRegistry.Joined joined = registry.join(roomId, userId, digest, now());
    Room.JoinOutcome outcome = joined.outcome();
    if (participant.isClosed()) {
      if (outcome.newMember()) {
        registry.leave(roomId, userId, now());
      }
      return;
    }
    notifier.roomJoined(userId, roomId, outcome.members());
    if (outcome.newMember()) {
      for (String other : outcome.members()) {
        if (!other.equals(userId)) {
          notifier.peerJoined(other, roomId, userId);
        }
      }
      outcome
          .roles()
          .ifPresent(
              roles -> {
                notifier.roleAssigned(roles.polite(), Role.POLITE, roles.impolite(), roomId);
                notifier.roleAssigned(roles.impolite(), Role.IMPOLITE, roles.polite(), roomId);
              });
      repository.save(joined.room());
      repository.addMember(new RoomRepository.Member(roomId, userId, participant.sessionId()));
    }
  }

  /**
   * The digest a room keeps of {@code passcode} (null for none): a pseudonym of the room and the
   * passcode together, so one passcode digests differently in every room.
   */
  private String digestOf(String roomId, String passcode) {
    if (passcode == null) {
      return null;
    }
    if (passcode.isEmpty()
        || passcode.length() > MAX_PASSCODE
        || passcode.chars().anyMatch(Character::isISOControl)) {
      throw new RuleViolation(
          ErrorCode.BAD_MESSAGE,
          "A passcode is 1 to " + MAX_PASSCODE + " characters, without control characters.");
    }
    return tokens.pseudonym("room " + roomId + " passcode " + passcode);
  }

  /**
   * Takes the participant out of the room; the leaver gets {@code room_left}, the others {@code
   * peer_left}.
   */
  public void leave(Participant participant, String roomId) {
    Identifiers.requireRoomId(roomId);
    if (!leave(participant, roomId, "left")) {
      throw new RuleViolation(ErrorCode.NOT_IN_ROOM, "You are not in room " + roomId + ".");
    }
  }

  /**
   * Takes a closed participant out of every room the registry has its user in; the others get
   * {@code peer_left}. Called after the session is closed, so a join racing the close is either
   * among the rooms read here or undone by the joiner ({@link #join}).
   */
  public void leaveAll(Participant participant, String reason) {
    for (String roomId : registry.roomsOf(participant.userId())) {
      leave(participant, roomId, reason);
    }
  }

  private boolean leave(Participant participant, String roomId, String reason) {
    return HeldLock.get(lockFor(roomId), () -> leaveLocked(participant, roomId, reason));
  }

  private boolean leaveLocked(Participant participant, String roomId, String reason) {
    String userId = participant.userId();
    Optional<RoomRegistry.Left> left = registry.leave(roomId, userId, now());
    if (left.isEmpty()) {
      return false;
    }
    if ("left".equals(reason)) {
      notifier.roomLeft(userId, roomId);
    }
    for (String other : left.get().members()) {
      notifier.peerLeft(other, roomId, userId, reason);
    }
    repository.removeMember(roomId, userId);
    repository.save(left.get().room());
    return true;
  }

  /** Sends chat to every member of the room, the sender included. */
  public void chat(Participant sender, String roomId, String content, String messageId) {
    Chat.requireContent(content);
    ChatLine line = new ChatLine(sender.userId(), null, roomId, content, null, messageId);
    if (roomId != null
        && HeldLock.get(
            lockFor(roomId),
            () -> {
              List<String> members = registry.members(roomId);
              if (!members.contains(sender.userId())) {
                return false;
              }
              for (String member : members) {
                notifier.chat(member, line);
              }
              return true;
            })) {
      return;
    }
    throw new RuleViolation(
        ErrorCode.NOT_IN_ROOM, "You are not in room " + roomId + ". Join the room first.");
  }

  /** Whether the two users are in a room together: one read of the registry. */
  public boolean shareRoom(Participant participant, String otherUserId) {
    return registry.shareRoom(participant.userId(), otherUserId);
  }

  /** Everyone who shares a room with the participant. */
  public Set<String> peersOf(Participant participant) {
    Set<String> peers = new TreeSet<>();
    for (String roomId : registry.roomsOf(participant.userId())) {
      peers.addAll(registry.members(roomId));
    }
    peers.remove(participant.userId());
    return peers;
  }

  /** The ids of the participant's rooms, sorted. */
  public List<String> roomsOf(Participant participant) {
    return registry.roomsOf(participant.userId()).stream().sorted().toList();
  }

  /** The rooms a user is in, as every instance sees them. */
  public Set<String> roomsOf(String userId) {
    return registry.roomsOf(userId);
  }

  /**
   * Records again, silently, the memberships of these sessions that the registry lost (Redis
   * restarted empty), as the {@code memberships} table has them, read once: only the rows of these
   * sessions that are still open count. A room another user has filled meanwhile is left, its row
   * forgotten; a session that closes meanwhile is taken out again as by {@link #join}. A room made
   * again this way has the passcode the {@code rooms} table keeps for it.
   */
  public void rejoin(Collection<Participant> participants) {
    Map<String, Participant> bySession = new HashMap<>();
    for (Participant participant : participants) {
      if (!participant.isClosed()) {
        bySession.put(participant.sessionId(), participant);
      }
    }
    if (bySession.isEmpty()) {
      return;
    }
    Map<String, String> passcodes = new HashMap<>();
    for (RoomSnapshot room : repository.findAll()) {
      if (room.passcode() != null) {
        passcodes.put(room.id(), room.passcode());
      }
    }
    for (RoomRepository.Member member : repository.findMembers()) {
      Participant participant = bySession.get(member.sessionId());
      if (participant == null || !participant.userId().equals(member.userId())) {
        continue;
      }
      synchronized (lockFor(member.roomId())) {
        try {
          RoomRegistry.Joined joined =
              registry.join(
                  member.roomId(), member.userId(), passcodes.get(member.roomId()), now());
          if (participant.isClosed() && joined.outcome().newMember()) {
            registry.leave(member.roomId(), member.userId(), now());
          }
        } catch (RuleViolation full) {
          repository.removeMember(member.roomId(), member.userId());
        }
      }
    }
  }

  /** Removes the rooms that have been empty for longer than {@code ROOM_TTL}; returns how many. */
  public int removeExpired() {
    List<String> removed = registry.removeExpired(now());
    removed.forEach(repository::delete);
    return removed.size();
  }

  /**
   * Brings back the rooms of an earlier run, with the members whose sessions were restored ({@code
   * restored}: user id to session id); other members are forgotten. A room that was empty already
   * keeps its expiry (an expired one goes with the next clean-up); one left empty now, its members
   * not restored, is kept for {@code ROOM_TTL} from now. The registry has the restored users in
   * their rooms again.
   */
  public void restore(Map<String, String> restored) {
    Instant now = now();
    Map<String, List<String>> members = new HashMap<>();
    for (RoomRepository.Member member : repository.findMembers()) {
      if (member.sessionId().equals(restored.get(member.userId()))) {
        members.computeIfAbsent(member.roomId(), id -> new ArrayList<>()).add(member.userId());
      } else {
        repository.removeMember(member.roomId(), member.userId());
      }
    }
    for (RoomSnapshot snapshot : repository.findAll()) {
      List<String> userIds = members.remove(snapshot.id());
      if (userIds == null) {
        userIds = List.of();
      }
      Room room =
          Room.restored(
              snapshot.id(),
              settings.rooms().roomCapacity(),
              snapshot.createdAt(),
              userIds.isEmpty() && snapshot.expiresAt() == null ? now : snapshot.lastActiveAt(),
              snapshot.passcode(),
              userIds);
      registry.restore(room);
      repository.save(room.snapshot(settings.rooms().roomTtl()));
      for (String userId : userIds) {
        if (!room.contains(userId)) {
          repository.removeMember(room.id(), userId);
        }
      }
    }
    members.forEach(
        (roomId, userIds) -> userIds.forEach(userId -> repository.removeMember(roomId, userId)));
  }

  /** Rooms with at least one member. */
  public int activeRooms() {
    return registry.activeRooms();
  }

  /** Rooms kept while empty, until their time-to-live runs out. */
  public int emptyRooms() {
    return registry.emptyRooms();
  }

  private Instant now() {
    return clock.instant();
  }
}
