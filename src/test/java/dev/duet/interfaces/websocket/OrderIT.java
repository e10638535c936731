package dev.duet.interfaces.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.duet.testing.DuetServer;
import dev.duet.testing.Signal;
import org.junit.jupiter.api.Test;

/** Frames from one sender arrive in the order they were sent, however fast they come. */
class OrderIT {
  private final DuetServer server = DuetServer.shared();

  /**
   * Bursts of 200 frames, each within the recipient's send queue ({@code SEND_QUEUE_MESSAGES},
   * 256): a longer burst than the server can write while the machine is busy is a slow client,
   * closed with 1013 by design (a 2,000-frame burst was, once, under the suite's load).
   */
  @Test
  void aBurstArrivesInOrder() {
    try (Pair pair = Pair.inRoom(server)) {
      int bursts = 10;
      int each = 200;
      for (int burst = 0; burst < bursts; burst++) {
        for (int i = burst * each; i < (burst + 1) * each; i++) {
          pair.polite()
              .send(
                  new Signal.Candidate(
                      pair.impolite().userId(),
                      jakarta.json.Json.createObjectBuilder().add("i", i).build(),
                      null));
        }
        for (int i = burst * each; i < (burst + 1) * each; i++) {
          ServerMessage.Candidate candidate = pair.impolite().expect(ServerMessage.Candidate.class);
          assertEquals(i, candidate.payload().asJsonObject().getInt("i"), "frame " + i);
        }
      }
    }
  }
}
