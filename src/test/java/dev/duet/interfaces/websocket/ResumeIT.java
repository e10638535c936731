package dev.duet.interfaces.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.duet.testing.DuetServer;
import dev.duet.testing.Signal;
import dev.duet.testing.TestClient;
import dev.duet.testing.Tunnel;
import jakarta.json.Json;
import jakarta.websocket.CloseReason;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Sessions that survive their connection: a client whose network drops comes back with its token
 * within {@code RESUME_GRACE} (3 s on the shared server) as the same user, in the same rooms and
 * match, and gets what was sent to it meanwhile, in order.
 */
class ResumeIT {
  private final DuetServer server = DuetServer.shared();

  private static jakarta.json.JsonObject payload(Object value) {
    return Json.createObjectBuilder().add("v", String.valueOf(value)).build();
  }

  /**
   * A room call whose first member connects through {@code tunnel}, which is then cut; returns once
   * the other member was told that the first is reconnecting.
   */
  private Pair cutOff(Tunnel tunnel) {
    Pair call = Pair.inRoom(server, tunnel::ws);
    tunnel.cut();
    assertEquals(
        call.polite().userId(),
        call.impolite().expect(ServerMessage.PeerReconnecting.class).payload().peerId());
    return call;
  }

  @Test
  void aRoomMemberWhoseNetworkDroppedResumesAndGetsWhatWasSentMeanwhile() throws Exception {
    try (Tunnel tunnel = Tunnel.to(server);
        Pair call = cutOff(tunnel)) {
      String room = call.room();
      TestClient a = call.polite();
      TestClient b = call.impolite();
      try (TestClient third = TestClient.connect(server)) {
        third.send(new ClientMessage.JoinRoom(room, null, "full?"));
        third.expectError("room_full");
      }
      b.send(new Signal.Offer(a.userId(), payload("sdp-1"), "o1"));
      b.send(new ClientMessage.ChatMessage(room, null, new ClientMessage.ChatPayload("hi"), "c1"));
      b.expect(ServerMessage.ChatMessage.class);

      try (TestClient back = TestClient.resume(server, a.token())) {
        assertTrue(back.hello().resumed());
        assertEquals(a.userId(), back.userId());
        assertEquals(0, back.hello().dropped());
        assertEquals("o1", back.expect(ServerMessage.Offer.class).messageId());
        assertEquals("hi", back.expect(ServerMessage.ChatMessage.class).payload().content());
        assertEquals(a.userId(), b.expect(ServerMessage.PeerReconnected.class).payload().peerId());
        back.send(new Signal.Answer(b.userId(), payload("sdp-2"), "a1"));
        assertEquals("a1", b.expect(ServerMessage.Answer.class).messageId());
        back.send(new ClientMessage.GetRooms("g"));
        assertEquals(List.of(room), back.expect(ServerMessage.RoomsList.class).payload().rooms());
      }
    }
  }

  @Test
  void aRandomMatchPartnerResumesInTheSameMatch() throws Exception {
    server.awaitNoStrangers();
    try (Tunnel tunnel = Tunnel.to(server);
        TestClient b = TestClient.connect(server)) {
      TestClient a = TestClient.connect(tunnel.ws(""));
      a.send(new ClientMessage.RequestRandomPeer(null, null));
      a.expect(ServerMessage.Waiting.class);
      b.send(new ClientMessage.RequestRandomPeer(null, null));
      b.expect(ServerMessage.Waiting.class);
      ServerMessage.AssignRole role = a.expect(ServerMessage.AssignRole.class);
      b.expect(ServerMessage.AssignRole.class);
      String matchId = role.payload().matchId();

      tunnel.cut();
      b.expect(ServerMessage.PeerReconnecting.class);
      assertEquals(1, server.stat("active_matches"));
      b.send(new Signal.Offer(a.userId(), payload("sdp"), "o1"));
      b.send(
          new ClientMessage.ChatMessage(
              null, a.userId(), new ClientMessage.ChatPayload("still there?"), "c1"));
      b.expect(ServerMessage.ChatMessage.class);

      try (TestClient back = TestClient.resume(server, a.token())) {
        assertTrue(back.hello().resumed());
        assertEquals("o1", back.expect(ServerMessage.Offer.class).messageId());
        assertEquals(
            "still there?", back.expect(ServerMessage.ChatMessage.class).payload().content());
        b.expect(ServerMessage.PeerReconnected.class);
        back.send(new Signal.Hangup(b.userId(), null, "h"));
        assertEquals("h", b.expect(ServerMessage.Hangup.class).messageId());
        assertEquals(0, server.stat("active_matches"), "the hang-up ended match " + matchId);
      }
    }
  }

  @Test
  void aSecondConnectionTakesTheSessionOverAndNothingIsLost() throws Exception {
    try (Pair call = Pair.inRoom(server)) {
      String room = call.room();
      TestClient first = call.polite();
      TestClient b = call.impolite();
      long users = server.stat("active_users");
      for (int i = 0; i < 50; i++) {
        b.send(new Signal.Candidate(first.userId(), payload(i), "before" + i));
      }
      try (TestClient second =
          TestClient.connect(server, "token=" + first.token() + "&userId=" + first.userId())) {
        assertTrue(second.hello().resumed());
        for (int i = 0; i < 50; i++) {
          b.send(new Signal.Candidate(first.userId(), payload(i), "after" + i));
        }
        CloseReason moved = first.awaitClose();
        assertEquals(4409, moved.getCloseCode().getCode());
        assertEquals("session moved", moved.getReasonPhrase());
        int before = 0;
        while (first.poll(Duration.ZERO) != null) {
          before++;
        }
        for (int i = before; i < 50; i++) {
          assertEquals("before" + i, second.expect(ServerMessage.Candidate.class).messageId());
        }
        for (int i = 0; i < 50; i++) {
          assertEquals("after" + i, second.expect(ServerMessage.Candidate.class).messageId());
        }
        second.send(
            new ClientMessage.ChatMessage(room, null, new ClientMessage.ChatPayload("moved"), "m"));
        assertEquals("moved", b.expect(ServerMessage.ChatMessage.class).payload().content());
        second.expect(ServerMessage.ChatMessage.class);
        assertEquals(users, server.stat("active_users"), "no second session");
        b.expectNothingBefore();
      }
    }
  }

  @Test
  void forgedExpiredAndMismatchedTokensAreRefusedWith4401() throws Exception {
    long users = server.stat("active_users");
    try (TestClient real = TestClient.connect(server)) {
      String[] parts = real.token().split("\\.");
      String forged = parts[0] + "." + parts[1] + "." + "A".repeat(parts[2].length());
      String expired = sign(real.userId(), "expired-session", Instant.now().minusSeconds(1));
      for (String query :
          List.of(
              "token=" + forged,
              "token=" + expired,
              "token=not-a-jwt",
              "token=" + real.token() + "&userId=somebody-else")) {
        TestClient refused = TestClient.open(server.ws(query));
        CloseReason reason = refused.awaitClose();
        assertEquals(4401, reason.getCloseCode().getCode(), query);
        assertTrue(reason.getReasonPhrase().startsWith("invalid token"), reason.getReasonPhrase());
      }
      long now = server.stat("active_users");
      assertTrue(
          now <= users + 1,
          "nothing was created: "
              + now
              + " users, "
              + users
              + " before, sessions of earlier"
              + " tests may have ended meanwhile");
      real.send(new ClientMessage.Ping("still me"));
      assertEquals("still me", real.expect(ServerMessage.Pong.class).messageId());
    }
  }

  private static String sign(String userId, String sessionId, Instant expiry) throws Exception {
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader(JWSAlgorithm.HS256),
            new JWTClaimsSet.Builder()
                .issuer("duet")
                .subject(userId)
                .claim("sid", sessionId)
                .expirationTime(Date.from(expiry))
                .build());
    jwt.sign(new MACSigner(DuetServer.SHARED_JWT_SECRET.getBytes(StandardCharsets.UTF_8)));
    return jwt.serialize();
  }

  @Test
  void whenTheGraceRunsOutThePeersGetPeerLeftWithReasonTimeout() throws Exception {
    try (Tunnel tunnel = Tunnel.to(server);
        Pair call = cutOff(tunnel)) {
      Instant dropped = Instant.now();
      TestClient a = call.polite();
      TestClient b = call.impolite();
      ServerMessage.PeerLeft left = b.expect(ServerMessage.PeerLeft.class);
      long waited = Duration.between(dropped, Instant.now()).toMillis();
      assertEquals("timeout", left.payload().reason());
      assertEquals(a.userId(), left.payload().peerId());
      assertTrue(waited >= 2_500 && waited < 6_000, "peer_left after " + waited + " ms");
      try (TestClient again = TestClient.resume(server, a.token())) {
        assertFalse(again.hello().resumed(), "the session is over; the id is still theirs");
        assertEquals(a.userId(), again.userId());
        again.send(new ClientMessage.GetRooms("g"));
        assertEquals(List.of(), again.expect(ServerMessage.RoomsList.class).payload().rooms());
      }
    }
  }

  @Test
  void aCleanCloseOrLeaveEndsTheSessionAtOnce() throws Exception {
    try (Pair call = Pair.inRoom(server)) {
      String room = call.room();
      TestClient a = call.polite();
      TestClient b = call.impolite();
      a.send(new ClientMessage.Leave("bye"));
      assertEquals(1000, a.awaitClose().getCloseCode().getCode());
      ServerMessage.PeerLeft left = b.expect(ServerMessage.PeerLeft.class);
      assertEquals("disconnected", left.payload().reason());
      TestClient revoked = TestClient.open(server.ws("token=" + a.token()));
      assertEquals(
          4401, revoked.awaitClose().getCloseCode().getCode(), "leave revokes the token at once");
      try (TestClient again = TestClient.connect(server, "userId=" + a.userId())) {
        again.send(new ClientMessage.JoinRoom(room, null, null));
        again.expect(ServerMessage.RoomJoined.class);
        b.expect(ServerMessage.PeerJoined.class);
        b.expect(ServerMessage.AssignRole.class);
        again.expect(ServerMessage.AssignRole.class);
        again.close();
        assertEquals("disconnected", b.expect(ServerMessage.PeerLeft.class).payload().reason());
      }
    }
  }

  @Test
  void whatIsKeptForAnAbsentUserIsBoundedAndTheDroppedCounted() throws Exception {
    try (Tunnel tunnel = Tunnel.to(server);
        Pair call = cutOff(tunnel)) {
      TestClient a = call.polite();
      TestClient b = call.impolite();
      for (int i = 0; i < 70; i++) {
        b.send(new Signal.Candidate(a.userId(), payload(i), "c" + i));
      }
      b.send(new ClientMessage.Ping("sent"));
      b.expect(ServerMessage.Pong.class);
      try (TestClient back = TestClient.resume(server, a.token())) {
        assertEquals(6, back.hello().dropped());
        for (int i = 6; i < 70; i++) {
          assertEquals("c" + i, back.expect(ServerMessage.Candidate.class).messageId());
        }
        back.expectNothingBefore();
      }
    }
  }
}
