package dev.duet.interfaces.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duet.testing.DuetServer;
import dev.duet.testing.TestClient;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A client that stops reading is disconnected; its peer and everyone else keep going. */
class SlowClientIT {
  private final DuetServer server = DuetServer.shared();

  @Test
  void aClientThatReadsNothingIsDroppedAndItsPeerIsTold() throws Exception {
    String room = "slow-" + UUID.randomUUID();
    String slowId = "slow-" + UUID.randomUUID().toString().substring(0, 8);
    try (Socket slow = handshakeAndStopReading("userId=" + slowId + "&room=" + room);
        TestClient fast = TestClient.connect(server, "room=" + room);
        Pair bystanders = Pair.inRoom(server)) {
      fast.expect(ServerMessage.RoomJoined.class);
      fast.expect(ServerMessage.AssignRole.class);
      JsonObject big =
          jakarta.json.Json.createObjectBuilder().add("candidate", "x".repeat(60_000)).build();
      Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
      ServerMessage.PeerLeft left = null;
      for (int sent = 0; sent < 5_000 && left == null && Instant.now().isBefore(deadline); sent++) {
        fast.send(new ClientMessage.Candidate(slowId, big, null));
        String frame = fast.poll(Duration.ZERO);
        if (frame != null) {
          left = (ServerMessage.PeerLeft) Json.JSONB.fromJson(frame, ServerMessage.class);
        }
      }
      if (left == null) {
        left = fast.expect(ServerMessage.PeerLeft.class);
      }
      assertEquals(slowId, left.payload().peerId());
      assertEquals("disconnected", left.payload().reason());

      bystanders.polite().send(new ClientMessage.Ping("alive"));
      assertEquals("alive", bystanders.polite().expect(ServerMessage.Pong.class).messageId());
      TestClient again = TestClient.connect(server, "userId=" + slowId);
      assertEquals(slowId, again.userId());
      again.close();
      assertTrue(slow.isConnected());
    }
  }

  /** Opens a WebSocket by hand with a tiny receive buffer, then never reads again. */
  private Socket handshakeAndStopReading(String query) throws IOException {
    Socket socket = new Socket();
    socket.setReceiveBufferSize(4096);
    socket.connect(new InetSocketAddress("127.0.0.1", server.ws("").getPort()), 5_000);
    OutputStream out = socket.getOutputStream();
    out.write(
        ("GET /ws?"
                + query
                + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    out.flush();
    InputStream in = socket.getInputStream();
    StringBuilder response = new StringBuilder();
    while (!response.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("handshake refused: " + response);
      }
      response.append((char) b);
    }
    assertTrue(response.toString().startsWith("HTTP/1.1 101"), response.toString());
    return socket;
  }
}
