package dev.duet.interfaces.websocket;

import dev.duet.application.Expelled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Closes the connection of a session a ban expels ({@link Expelled}) with 4403 and the ban's
 * reason; the close ends the session at once ({@link Closes#endsSession}).
 */
@ApplicationScoped
public class Expulsions {
  @Inject Connections connections;

  void expel(@Observes Expelled expelled) {
    for (Connection connection : connections.all()) {
      if (connection.participant().sessionId().equals(expelled.sessionId())) {
        connection.drop(Closes.BANNED, expelled.ban().closeReason());
      }
    }
  }
}
