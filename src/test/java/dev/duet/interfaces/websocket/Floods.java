package dev.duet.interfaces.websocket;

import dev.duet.testing.Signal;
import dev.duet.testing.TestClient;
import jakarta.json.JsonObject;
import java.util.List;

/** Senders flooding partners that read nothing, for the attacks of {@link AbuseIT}. */
final class Floods {
  private Floods() {}

  /** One 60 KB candidate from each sender to its silent partner. */
  static void sendBigFrames(List<TestClient> senders, List<String> silentIds) {
    JsonObject big =
        jakarta.json.Json.createObjectBuilder().add("candidate", "x".repeat(60_000)).build();
    for (int i = 0; i < senders.size(); i++) {
      senders.get(i).send(new Signal.Candidate(silentIds.get(i), big, null));
    }
  }

  /**
   * Waits until the server has handled everything each sender sent (its ping is answered); returns
   * how many senders were told meanwhile that their partner is reconnecting.
   */
  static int handled(List<TestClient> senders) {
    int reconnecting = 0;
    for (TestClient sender : senders) {
      sender.send(new ClientMessage.Ping("handled"));
      for (ServerMessage reply = null; !(reply instanceof ServerMessage.Pong); ) {
        reply = Json.JSONB.fromJson(sender.nextRaw(), ServerMessage.class);
        reconnecting += reply instanceof ServerMessage.PeerReconnecting ? 1 : 0;
      }
    }
    return reconnecting;
  }
}
