package dev.duet.application.settings;

import java.time.Duration;

/**
 * Rooms joined by ID.
 *
 * @param roomCapacity how many members a room holds ({@code ROOM_CAPACITY}, default 2)
 * @param roomTtl how long an empty room is kept ({@code ROOM_TTL}, default 10 min)
 * @param cleanupInterval how often expired rooms are removed ({@code CLEANUP_INTERVAL}, default 30
 *     s)
 * @param maxRoomsPerUser rooms one user may be in at once ({@code MAX_ROOMS_PER_USER}, default 4)
 * @param maxRooms rooms the server holds at most, empty ones included ({@code MAX_ROOMS}, default
 *     50,000); a join that would create one more is refused
 */
public record RoomSettings(
    int roomCapacity,
    Duration roomTtl,
    Duration cleanupInterval,
    int maxRoomsPerUser,
    int maxRooms) {

  static RoomSettings read(SettingValues values) {
    return new RoomSettings(
        values.positive("ROOM_CAPACITY", "2"),
        values.duration("ROOM_TTL", "10m"),
        values.duration("CLEANUP_INTERVAL", "30s"),
        values.positive("MAX_ROOMS_PER_USER", "4"),
        values.positive("MAX_ROOMS", "50000"));
  }
}
