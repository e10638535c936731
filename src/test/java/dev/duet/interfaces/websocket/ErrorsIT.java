package dev.duet.interfaces.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duet.testing.Awaits;
import dev.duet.testing.DuetServer;
import dev.duet.testing.Signal;
import dev.duet.testing.TestClient;
import jakarta.websocket.CloseReason;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Protocol point 8: every kind of bad input is answered, and nobody else is hurt by it. */
class ErrorsIT {
  private final DuetServer server = DuetServer.shared();

  @Test
  void unparsableJsonGetsAnErrorResponseAndTheSessionStaysUsable() {
    try (TestClient client = TestClient.connect(server)) {
      client.sendRaw("{\"type\": \"ping\", oops");
      ServerMessage.ErrorResponse response = client.expect(ServerMessage.ErrorResponse.class);
      assertEquals("bad_json", response.payload().code());
      assertEquals("Invalid JSON", response.payload().error());
      assertTrue(!response.payload().details().isEmpty());
      client.send(new ClientMessage.Ping("after"));
      assertEquals("after", client.expect(ServerMessage.Pong.class).messageId());
    }
  }

  @Test
  void wrongStructureGetsAnErrorResponse() {
    try (TestClient client = TestClient.connect(server)) {
      for (String frame :
          new String[] {
            "[1,2,3]",
            "\"just a string\"",
            "{\"no\":\"type\"}",
            "{\"type\":42}",
            "{\"type\":\"chat_message\",\"room\":\"r\",\"payload\":\"not an object\"}",
            "{\"type\":\"join_room\",\"room\":{\"nested\":true}}"
          }) {
        client.sendRaw(frame);
        ServerMessage.ErrorResponse response = client.expect(ServerMessage.ErrorResponse.class);
        assertEquals("bad_message", response.payload().code(), frame);
        assertTrue(
            !response.payload().details().contains("dev.duet"), response.payload().details());
      }
      client.send(new ClientMessage.Ping(null));
      client.expect(ServerMessage.Pong.class);
    }
  }

  /**
   * JSON may name a lone surrogate ({@code "\\ud800"}), which UTF-8 cannot carry: an echoed or
   * relayed {@code messageId} names it the same way, chat content holding one is refused as not
   * valid Unicode, and the connections go on.
   */
  @Test
  void loneSurrogatesComeBackAsTheyWereWritten() {
    try (Pair pair = Pair.inRoom(server)) {
      TestClient a = pair.polite();
      a.sendRaw("{\"type\":\"ping\",\"messageId\":\"x\\ud800y\"}");
      assertEquals("x\ud800y", a.expect(ServerMessage.Pong.class).messageId());
      a.sendRaw(
          "{\"type\":\"chat_message\",\"room\":\""
              + pair.room()
              + "\",\"payload\":{\"content\":\"\\udfff\\ud83d!\"},\"messageId\":\"\\udc00\"}");
      ServerMessage.Error refused = a.expectError("bad_message");
      assertEquals("\udc00", refused.messageId());
      pair.impolite().expectNothingBefore();
      a.sendRaw(
          "{\"type\":\"webrtc_candidate\",\"toUser\":\""
              + pair.impolite().userId()
              + "\",\"payload\":{},\"messageId\":\"\\ud800\"}");
      assertEquals("\ud800", pair.impolite().expect(ServerMessage.Candidate.class).messageId());
      for (TestClient member : List.of(a, pair.impolite())) {
        member.send(new ClientMessage.Ping("after"));
        assertEquals("after", member.expect(ServerMessage.Pong.class).messageId());
      }
    }
  }

  @Test
  void unknownTypeIsAnError() {
    try (TestClient client = TestClient.connect(server)) {
      client.sendRaw("{\"type\":\"teleport\",\"messageId\":\"t\"}");
      ServerMessage.Error error = client.expectError("unknown_type");
      assertTrue(error.payload().error().contains("teleport"));
      assertEquals(ServerMessage.SYSTEM, error.fromUser());
    }
  }

  @Test
  void binaryFramesAreRefusedWithAClearMessage() {
    try (TestClient client = TestClient.connect(server)) {
      client.sendBinary(new byte[] {1, 2, 3});
      ServerMessage.ErrorResponse response = client.expect(ServerMessage.ErrorResponse.class);
      assertTrue(response.payload().details().contains("binary"));
      client.send(new ClientMessage.Ping(null));
      client.expect(ServerMessage.Pong.class);
    }
  }

  /**
   * A frame that arrives whole is answered with {@code too_large} (Tyrus); one that is still
   * arriving when it passes the limit closes the connection with 1009 (Undertow reads in parts).
   */
  @Test
  void anOversizedFrameHurtsOnlyItsSender() throws Exception {
    ExecutorService chatter = Executors.newSingleThreadExecutor();
    try (Pair pair = Pair.inRoom(server);
        TestClient big = TestClient.connect(server)) {
      Future<?> conversation =
          chatter.submit(
              () -> {
                for (int i = 0; i < 200; i++) {
                  pair.polite()
                      .send(
                          new Signal.Candidate(
                              pair.impolite().userId(),
                              jakarta.json.Json.createObjectBuilder().add("i", i).build(),
                              null));
                  ServerMessage.Candidate candidate =
                      pair.impolite().expect(ServerMessage.Candidate.class);
                  assertEquals(i, candidate.payload().asJsonObject().getInt("i"));
                }
              });
      String huge =
          "{\"type\":\"chat_message\",\"room\":\"x\",\"payload\":{\"content\":\""
              + "a".repeat(2 * 1024 * 1024)
              + "\"}}";
      try {
        big.sendRaw(huge);
      } catch (IllegalStateException closedWhileSending) {
        // the server may close the connection before the whole frame is written
      }
      Object answer = big.nextFrameOrClose();
      if (answer instanceof CloseReason reason) {
        assertEquals(1009, reason.getCloseCode().getCode(), reason.toString());
      } else {
        ServerMessage error = Json.JSONB.fromJson((String) answer, ServerMessage.class);
        assertEquals(
            "too_large", ((ServerMessage.Error) error).payload().code(), answer.toString());
        big.send(new ClientMessage.Ping("still usable"));
        assertEquals("still usable", big.expect(ServerMessage.Pong.class).messageId());
      }
      conversation.get(1, TimeUnit.MINUTES);
      pair.polite().send(new ClientMessage.Ping("ok"));
      assertEquals("ok", pair.polite().expect(ServerMessage.Pong.class).messageId());
    } finally {
      chatter.shutdownNow();
    }
  }

  /** A close reason can carry a newline; the log line keeps it escaped inside its quotes. */
  @Test
  void aCloseReasonCannotForgeALogLine() {
    String forged = "event=open user=forged-" + UUID.randomUUID() + " ip=10.0.0.0";
    TestClient client = TestClient.connect(server);
    String userId = client.userId();
    client.close(1000, "bye\n" + forged);
    Awaits.until(
        Duration.ofSeconds(10),
        () -> server.log().contains("event=close user=" + userId),
        () -> "no close logged for " + userId);
    List<String> lines =
        server.log().lines().filter(line -> line.contains(forged.substring(0, 40))).toList();
    assertEquals(1, lines.size(), lines.toString());
    assertTrue(
        lines.get(0).contains("event=close user=" + userId + " code=1000 reason=\"bye\\n"),
        lines.get(0));
  }
}
