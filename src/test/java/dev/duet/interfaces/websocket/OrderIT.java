package dev.duet.interfaces.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.duet.testing.DuetServer;
import dev.duet.testing.Signal;
import org.junit.jupiter.api.Test;

/** Frames from one sender arrive in the order they were sent, however fast they come. */
class OrderIT {
  private final DuetServer server = DuetServer.shared();

  @Test
  void aBurstArrivesInOrder() {
    try (Pair pair = Pair.inRoom(server)) {
      int count = 2_000;
      for (int i = 0; i < count; i++) {
        pair.polite()
            .send(
                new Signal.Candidate(
                    pair.impolite().userId(),
                    jakarta.json.Json.createObjectBuilder().add("i", i).build(),
                    null));
      }
      for (int i = 0; i < count; i++) {
        ServerMessage.Candidate candidate = pair.impolite().expect(ServerMessage.Candidate.class);
        assertEquals(i, candidate.payload().asJsonObject().getInt("i"), "frame " + i);
      }
    }
  }
}
