package dev.duet.application.port;

import dev.duet.domain.RoomSnapshot;
import java.util.List;

/**
 * Port: where rooms and their members outlive the process. Writes are accepted at once and applied
 * in order in the background, off the signaling path; the finders read what has been applied.
 */
public interface RoomRepository {

  /** A user in a room, for the session it joined with. */
  record Member(String roomId, String userId, String sessionId) {}

  void save(RoomSnapshot room);

  /** Forgets the room and its members. */
  void delete(String roomId);

  void addMember(Member member);

  void removeMember(String roomId, String userId);

  List<RoomSnapshot> findAll();

  List<Member> findMembers();
}
