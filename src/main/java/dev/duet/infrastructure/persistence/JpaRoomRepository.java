package dev.duet.infrastructure.persistence;

import dev.duet.application.RoomRepository;
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
        db ->
            db.createNativeMutationQuery("DELETE FROM rooms WHERE id = :id")
                .setParameter("id", roomId)
                .executeUpdate());
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
