package dev.duet.interfaces.websocket;

import static dev.duet.interfaces.websocket.Attacks.BURST;
import static dev.duet.interfaces.websocket.Attacks.PER_IP;
import static dev.duet.interfaces.websocket.Attacks.address;
import static dev.duet.interfaces.websocket.Attacks.bystanderIsServed;
import static dev.duet.interfaces.websocket.Attacks.connect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duet.testing.DuetServer;
import dev.duet.testing.Heap;
import dev.duet.testing.RawSocket;
import dev.duet.testing.TestClient;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What one client address can make the server hold (README, Security: bounded memory), attacked
 * with the production limits and a bystanders' call beside each attack ({@link Attacks}).
 */
class MemoryBoundIT {
  /** What one address can make a server hold at most (README, Security: bounded memory). */
  private static final long ADDRESS_BOUND = 26L << 20;

  /** How long the flood of a silent address goes on at most: its connections close long before. */
  private static final Duration FLOOD_LIMIT = Duration.ofSeconds(30);

  @RegisterExtension final Attacks.Beside bystanders = new Attacks.Beside();

  private final DuetServer server = Attacks.server();

  /**
   * One address's {@value #PER_IP} connections read nothing while partners from other addresses
   * send each of them 60 KB frames, a burst and then as fast as the message rate allows. Once the
   * server has handled the burst (each sender's ping answered), their send queues are full but for
   * a frame; then each goes over {@code SEND_QUEUE_BYTES} and is closed (its partner is told {@code
   * peer_reconnecting}), and what still comes for it is kept in its resume buffer. At both moments
   * the server's live heap (after a full collection) holds less than the bound the README states
   * for one address, whatever the container queues.
   *
   * <p>Payara Micro's container takes every frame into its own write queue at once (Tyrus's servlet
   * writer over Grizzly), so what counts is what the client has not been proven to read: the bound
   * holds there too.
   */
  @Test
  void whatOneAddressCanMakeTheServerHoldStaysWithinItsBound() throws Exception {
    long pid = server.jvm().pid();
    long before = Heap.liveBytes(pid);
    String attacker = address();
    List<String> senderAddresses = List.of(address(), address(), address(), address());
    String run = "heap-" + System.nanoTime() + "-";
    List<String> silentIds = new ArrayList<>();
    List<Socket> silent = new ArrayList<>();
    List<TestClient> senders = new ArrayList<>();
    long heldQueued;
    long heldClosed;
    int closed = 0;
    try {
      for (int i = 0; i < PER_IP; i++) {
        silentIds.add("silent" + i + "-" + run.substring(5, 13));
        silent.add(
            RawSocket.openAndGoSilent(
                server,
                "userId=" + silentIds.get(i) + "&room=" + run + i,
                "X-Forwarded-For: " + attacker));
        TestClient sender = connect(senderAddresses.get(i % 4), "room=" + run + i);
        inCall(sender);
        senders.add(sender);
      }
      for (int frame = 0; frame < BURST; frame++) {
        Floods.sendBigFrames(senders, silentIds);
      }
      closed += Floods.handled(senders);
      heldQueued = Heap.liveBytes(pid) - before;
      Instant deadline = Instant.now().plus(FLOOD_LIMIT);
      while (closed < PER_IP && Instant.now().isBefore(deadline)) {
        Thread.sleep(500);
        Floods.sendBigFrames(senders, silentIds);
        for (TestClient sender : senders) {
          for (String frame; (frame = sender.poll(Duration.ZERO)) != null; ) {
            closed += frame.contains("\"peer_reconnecting\"") ? 1 : 0;
          }
        }
      }
      closed += Floods.handled(senders);
      heldClosed = Heap.liveBytes(pid) - before;
    } finally {
      senders.forEach(TestClient::close);
      for (Socket socket : silent) {
        socket.close();
      }
    }
    System.out.printf(
        "MemoryBoundIT on %s: one address's silent connections held %.1f MiB queued, %.1f MiB once"
            + " %d of them were closed (bound %d MiB)%n",
        server.runtime(),
        heldQueued / 1048576.0,
        heldClosed / 1048576.0,
        closed,
        ADDRESS_BOUND >> 20);
    assertEquals(PER_IP, closed, "every silent connection was closed");
    assertTrue(heldQueued < ADDRESS_BOUND, heldQueued + " bytes held with the queues full");
    assertTrue(heldClosed < ADDRESS_BOUND, heldClosed + " bytes held once they were closed");
  }

  /**
   * Sessions whose connection dropped wait {@code RESUME_GRACE} for their client, each with a
   * buffer; one address leaves at most {@value Attacks#PER_IP} ({@code MAX_CONNECTIONS_PER_IP})
   * waiting, counted against it even after its connections are gone: the next session of that
   * address to drop ends at once, its partner told it left, while another address's is kept.
   */
  @Test
  void anAddressLeavesOnlySoManySessionsWaitingForTheirClient() {
    String attacker = address();
    String run = "grace-" + System.nanoTime() + "-";
    List<TestClient> partners = new ArrayList<>();
    try {
      for (int i = 0; i <= PER_IP; i++) {
        String room = "room=" + run + i;
        TestClient dropping = connect(attacker, room);
        TestClient partner = connect(address(), room);
        partners.add(partner);
        inCall(dropping);
        inCall(partner);
        dropping.close(4000, "dropped");
        ServerMessage told = Json.JSONB.fromJson(partner.nextRaw(), ServerMessage.class);
        if (i < PER_IP) {
          assertEquals(
              dropping.userId(),
              assertInstanceOf(ServerMessage.PeerReconnecting.class, told).payload().peerId());
        } else {
          ServerMessage.PeerLeft left = assertInstanceOf(ServerMessage.PeerLeft.class, told);
          assertEquals(dropping.userId(), left.payload().peerId());
          assertEquals("disconnected", left.payload().reason(), "no grace left for the address");
        }
      }
      String elsewhere = address();
      try (TestClient dropping = connect(elsewhere, "room=" + run + "other");
          TestClient partner = connect(address(), "room=" + run + "other")) {
        inCall(dropping);
        inCall(partner);
        dropping.close(4000, "dropped");
        assertEquals(
            dropping.userId(),
            partner.expect(ServerMessage.PeerReconnecting.class).payload().peerId());
      }
    } finally {
      partners.forEach(TestClient::close);
    }
    bystanderIsServed();
  }

  /** Reads until the client's room call begins: room_joined, maybe peer_joined, assign_role. */
  private static void inCall(TestClient client) {
    while (!(Json.JSONB.fromJson(client.nextRaw(), ServerMessage.class)
        instanceof ServerMessage.AssignRole)) {
      // room_joined, and peer_joined when the other's join came second
    }
  }
}
