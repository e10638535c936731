package dev.duet.interfaces.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duet.testing.DuetServer;
import dev.duet.testing.Moderators;
import dev.duet.testing.TestClient;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The bot gate ({@code BOT_GATE=pow}) on the moderated server: no stranger without a solution of
 * the session's own challenge, a forged or another session's solution refused, a resumed session
 * not asked again, and the work doubling for a network that churns while its neighbour's stays.
 * Each test claims addresses of its own ({@code X-Forwarded-For}).
 */
@Timeout(120)
class GateIT {
  private static final long BASE = 20_000;
  private static DuetServer server;

  @BeforeAll
  static void start() {
    server = Moderators.server();
  }

  private static TestClient unsolved(String address, String query) {
    return TestClient.connect(server, query, Map.of("X-Forwarded-For", address));
  }

  private static ClientMessage solve(String solution) {
    return new ClientMessage.SolveChallenge(new ClientMessage.SolutionPayload(solution), "s");
  }

  @Test
  void strangersNeedTheSessionsOwnSolutionAndAResumeIsNotAskedAgain() {
    try (TestClient a = unsolved("10.31.1.5", "");
        TestClient b = unsolved("10.31.2.5", "")) {
      ServerMessage.ChallengePayload challenge = a.hello().challenge();
      assertNotNull(challenge, "the session frame carries the challenge");
      assertEquals("SHA-256", challenge.algorithm());
      assertEquals(BASE, challenge.maxnumber());
      a.send(ModerationIT.request(List.of("gate")));
      a.expectError("challenge_required");
      a.send(solve(TestClient.solution(b.hello().challenge())));
      a.expectError("challenge_failed");
      String mine = TestClient.solution(challenge);
      long wrong = (number(mine) + 1) % (challenge.maxnumber() + 1);
      a.send(solve(TestClient.payload(challenge, wrong)));
      a.expectError("challenge_failed");
      a.send(solve("bm90IGFsdGNoYQ=="));
      a.expectError("challenge_failed");
      a.send(solve(mine));
      a.expect(ServerMessage.Ack.class);
      a.send(ModerationIT.request(List.of("gate")));
      a.expect(ServerMessage.Waiting.class);
      try (TestClient back = unsolved("10.31.1.5", "token=" + a.token())) {
        assertTrue(back.hello().resumed());
        assertNull(back.hello().challenge(), "a resumed session passed already");
        back.send(ModerationIT.request(List.of("gate")));
        back.expectAfter(ServerMessage.PeerLeft.class, ServerMessage.Waiting.class);
      }
    }
  }

  @Test
  void theWorkDoublesForANetworkThatChurnsAndNotForItsNeighbour() {
    long before = first("10.32.1.9");
    for (int i = 0; i < 40; i++) {
      unsolved("10.32.1." + (i + 10), "").close();
    }
    long after = first("10.32.1.99");
    long neighbour = first("10.32.2.9");
    assertEquals(BASE, before);
    assertEquals(2 * BASE, after, "42 connections from the /24 within five minutes");
    assertEquals(BASE, neighbour);
  }

  private static long first(String address) {
    try (TestClient client = unsolved(address, "")) {
      return client.hello().challenge().maxnumber();
    }
  }

  private static long number(String solution) {
    String json =
        new String(
            java.util.Base64.getDecoder().decode(solution),
            java.nio.charset.StandardCharsets.UTF_8);
    return Long.parseLong(json.replaceAll(".*\"number\":(\\d+).*", "$1"));
  }
}
