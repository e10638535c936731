package dev.duet.application;

import dev.duet.domain.RoomSnapshot;
import java.util.List;

/**
 * Port: where rooms outlive the process. Writes are accepted at once and applied in order in the
 * background, off the signaling path; {@link #findAll()} reads what has been applied.
 */
public interface RoomRepository {

  void save(RoomSnapshot room);

  void delete(String roomId);

  List<RoomSnapshot> findAll();
}
