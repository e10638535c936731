package dev.duet.interfaces.websocket;

import dev.duet.application.RoomService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** {@code join_room}, {@code leave_room} and {@code get_rooms}. */
@ApplicationScoped
public class RoomHandler {
  @Inject RoomService rooms;
  @Inject ServerFrames frames;

  void join(ClientMessage.JoinRoom message, Caller from) {
    rooms.join(from.participant(), message.room(), message.passcode());
  }

  void leave(ClientMessage.LeaveRoom message, Caller from) {
    rooms.leave(from.participant(), message.room());
  }

  void list(ClientMessage.GetRooms message, Caller from) {
    from.reply(
        frames.roomsList(
            from.participant().userId(), rooms.roomsOf(from.participant()), message.messageId()));
  }
}
