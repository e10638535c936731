package dev.duet.infrastructure.persistence;

import dev.duet.application.port.RoomRepository;
import dev.duet.domain.RoomSnapshot;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;

/** Rooms in the {@code rooms} table, written behind. */
@ApplicationScoped
public class JpaRoomRepository implements RoomRepository {

  @Inject JpaDatabase database;

  @Override
  public void save(RoomSnapshot room) {
    RoomEntity entity = RoomEntity.of(room);
    database.write(db -> db.upsert(entity));
  }

  @Override
  public void delete(String roomId) {
    database.write(
        db -> {
          db.createNativeMutationQuery("DELETE FROM memberships WHERE room_id = :id")
              .setParameter("id", roomId)
              .executeUpdate();
          db.createNativeMutationQuery("DELETE FROM rooms WHERE id = :id")
              .setParameter("id", roomId)
              .executeUpdate();
        });
  }

  @Override
  public void addMember(Member member) {
    long now = System.currentTimeMillis();
    database.write(
        db ->
            db.createNativeMutationQuery(
                    "INSERT INTO memberships (room_id, user_id, session_id, joined_at)"
                        + " VALUES (:room, :user, :session, :at)"
                        + " ON CONFLICT (room_id, user_id) DO UPDATE"
                        + " SET session_id = excluded.session_id, joined_at = excluded.joined_at")
                .setParameter("room", member.roomId())
                .setParameter("user", member.userId())
                .setParameter("session", member.sessionId())
                .setParameter("at", now)
                .executeUpdate());
  }

  @Override
  public void removeMember(String roomId, String userId) {
    database.write(
        db ->
            db.createNativeMutationQuery(
                    "DELETE FROM memberships WHERE room_id = :room AND user_id = :user")
                .setParameter("room", roomId)
                .setParameter("user", userId)
                .executeUpdate());
  }

  @Override
  @SuppressWarnings("unchecked")
  public List<Member> findMembers() {
    List<Object[]> rows =
        database.read(
            em ->
                em.createNativeQuery(
                        "SELECT room_id, user_id, session_id FROM memberships ORDER BY joined_at")
                    .getResultList());
    return rows.stream()
        .map(row -> new Member((String) row[0], (String) row[1], (String) row[2]))
        .toList();
  }

  @Override
  public List<RoomSnapshot> findAll() {
    return database.read(
        em ->
            em.createQuery("select r from RoomEntity r", RoomEntity.class)
                .getResultStream()
                .map(RoomEntity::toSnapshot)
                .toList());
  }
}
