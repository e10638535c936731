package dev.duet.interfaces.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duet.application.Fixture;
import dev.duet.application.RateLimiter;
import dev.duet.application.settings.Settings;
import dev.duet.domain.Participant;
import dev.duet.domain.SignalType;
import dev.duet.domain.TokenBucket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Each handler through the {@link Dispatcher}, with the application services of a {@link Fixture}
 * and a fake connection that keeps what it was sent: the right service call for each message type,
 * the answers to the sender, and the rules the handlers apply.
 */
class DispatcherTest {
  private final Fixture f = new Fixture();
  private final Dispatcher dispatcher = dispatcher(f);

  /** A connection that keeps its replies, read back with the production codec. */
  static final class FakeCaller implements Caller {
    final Participant participant;
    final List<ServerMessage> replies = new ArrayList<>();
    int droppedWith;

    FakeCaller(Participant participant) {
      this.participant = participant;
    }

    @Override
    public String address() {
      return "192.0.2.1";
    }

    @Override
    public Participant participant() {
      return participant;
    }

    @Override
    public void reply(String frame) {
      replies.add(Json.JSONB.fromJson(frame, ServerMessage.class));
    }

    @Override
    public void drop(int code, String reason) {
      droppedWith = code;
    }

    @Override
    public long receivedAt() {
      return System.nanoTime();
    }

    <T extends ServerMessage> T only(Class<T> type) {
      assertEquals(1, replies.size(), replies::toString);
      return assertInstanceOf(type, replies.remove(0));
    }

    String error() {
      return only(ServerMessage.Error.class).payload().code();
    }
  }

  static Dispatcher dispatcher(Fixture f) {
    ServerFrames frames = new ServerFrames();
    frames.clock = f.clock;
    Dispatcher dispatcher = new Dispatcher();
    dispatcher.frames = frames;
    dispatcher.metrics = f.metrics;
    dispatcher.rooms = new RoomHandler();
    dispatcher.rooms.rooms = f.rooms;
    dispatcher.rooms.frames = frames;
    dispatcher.matching = new MatchingHandler();
    dispatcher.matching.matches = f.matches;
    dispatcher.matching.frames = frames;
    dispatcher.signaling = new SignalingHandler();
    dispatcher.signaling.signaling = f.signaling;
    dispatcher.signaling.metrics = f.metrics;
    dispatcher.chat = new ChatHandler();
    dispatcher.chat.signaling = f.signaling;
    dispatcher.chat.rooms = f.rooms;
    dispatcher.chat.metrics = f.metrics;
    dispatcher.control = new ControlHandler();
    dispatcher.control.frames = frames;
    dispatcher.control.metrics = f.metrics;
    dispatcher.control.sessions = f.sessions;
    return dispatcher;
  }

  private FakeCaller caller(String userId) throws Exception {
    return new FakeCaller(f.sessions.open(userId).participant());
  }

  @Test
  void pingIsAnsweredWithItsMessageId() throws Exception {
    FakeCaller a = caller("a");
    dispatcher.handle(new ClientMessage.Ping("p1"), a);
    assertEquals("p1", a.only(ServerMessage.Pong.class).messageId());
  }

  @Test
  void leaveEndsTheSessionAndClosesWith1000() throws Exception {
    FakeCaller a = caller("a");
    dispatcher.handle(new ClientMessage.Leave(null), a);
    assertEquals(1000, a.droppedWith);
    assertTrue(a.replies.isEmpty());
    assertTrue(a.participant.isClosed());
  }

  @Test
  void framesThatAreNoMessageAreAnsweredByKind() throws Exception {
    FakeCaller a = caller("a");
    dispatcher.handle(ClientMessageDecoder.read("{nope"), a);
    assertEquals("bad_json", a.only(ServerMessage.ErrorResponse.class).payload().code());
    dispatcher.handle(ClientMessageDecoder.read("{\"type\":\"dance\"}"), a);
    assertEquals("unknown_type", a.error());
    assertEquals(List.of("refused BAD_JSON", "refused UNKNOWN_TYPE"), f.metrics.take());
  }

  @Test
  void roomsAreJoinedListedAndLeft() throws Exception {
    FakeCaller a = caller("a");
    dispatcher.handle(new ClientMessage.JoinRoom("r1", null, null), a);
    assertEquals(List.of("a: room_joined r1 [a]"), f.notifier.take());
    dispatcher.handle(new ClientMessage.GetRooms("g"), a);
    ServerMessage.RoomsList list = a.only(ServerMessage.RoomsList.class);
    assertEquals(List.of("r1"), list.payload().rooms());
    assertEquals("g", list.messageId());
    dispatcher.handle(new ClientMessage.LeaveRoom("r1", null), a);
    assertEquals(List.of("a: room_left r1"), f.notifier.take());
    dispatcher.handle(new ClientMessage.LeaveRoom("r1", "again"), a);
    assertEquals("not_in_room", a.error());
  }

  @Test
  void signalingGoesToAPeerOnlyAndIsCounted() throws Exception {
    FakeCaller a = caller("a");
    FakeCaller b = caller("b");
    dispatcher.handle(new ClientMessage.Relay(SignalType.OFFER, "b", "{}", null), a);
    assertEquals("not_your_peer", a.error());
    dispatcher.handle(new ClientMessage.JoinRoom("r", null, null), a);
    dispatcher.handle(new ClientMessage.JoinRoom("r", null, null), b);
    f.notifier.take();
    f.metrics.take();
    dispatcher.handle(new ClientMessage.Relay(SignalType.OFFER, "b", "{\"sdp\":1}", "o"), a);
    assertEquals(List.of("b: signal OFFER from a {\"sdp\":1}"), f.notifier.take());
    assertEquals(List.of("relayed webrtc_offer"), f.metrics.take());
    assertTrue(a.replies.isEmpty());
  }

  @Test
  void chatNamesARoomOrAPeerNotBoth() throws Exception {
    FakeCaller a = caller("a");
    FakeCaller b = caller("b");
    dispatcher.handle(new ClientMessage.JoinRoom("r", null, null), a);
    dispatcher.handle(new ClientMessage.JoinRoom("r", null, null), b);
    f.notifier.take();
    ClientMessage.ChatPayload hi = new ClientMessage.ChatPayload("hi");
    dispatcher.handle(new ClientMessage.ChatMessage("r", "b", hi, "both"), a);
    assertEquals("bad_message", a.error());
    dispatcher.handle(new ClientMessage.ChatMessage(null, null, hi, "neither"), a);
    assertEquals("bad_message", a.error());
    assertTrue(f.notifier.take().isEmpty());
    dispatcher.handle(new ClientMessage.ChatMessage("r", null, hi, "room"), a);
    assertEquals(2, f.notifier.take().size());
    dispatcher.handle(new ClientMessage.ChatMessage(null, "b", hi, "direct"), a);
    List<String> direct = f.notifier.take();
    assertEquals(2, direct.size(), direct::toString);
    assertTrue(direct.get(0).startsWith("b: chat "), direct::toString);
  }

  @Test
  void strangersAreMatchedBlockedAndReported() throws Exception {
    FakeCaller a = caller("a");
    FakeCaller b = caller("b");
    dispatcher.handle(new ClientMessage.UserAvailable(null), a);
    dispatcher.handle(
        new ClientMessage.RequestRandomPeer(
            new ClientMessage.RandomPeerPayload(null, List.of("jazz")), null),
        b);
    String matchId = f.matches.matchOf("a").orElseThrow().id();
    assertEquals("b", f.matches.partnerOf("a").orElseThrow());
    dispatcher.handle(new ClientMessage.ReportPeer(null, "r0"), a);
    assertEquals("bad_message", a.error());
    dispatcher.handle(
        new ClientMessage.ReportPeer(new ClientMessage.ReportPayload("b", matchId, "rude"), "r1"),
        a);
    ServerMessage.Ack ack = a.only(ServerMessage.Ack.class);
    assertEquals("report_peer", ack.payload().of());
    assertEquals("b", ack.payload().peerId());
    assertEquals("r1", ack.messageId());
    assertTrue(f.matches.partnerOf("a").isEmpty());
    dispatcher.handle(new ClientMessage.BlockPeer(new ClientMessage.PeerPayload("a"), "b0"), a);
    assertEquals("bad_message", a.error());
    dispatcher.handle(new ClientMessage.BlockPeer(new ClientMessage.PeerPayload("a"), "b1"), b);
    assertEquals("block_peer", b.only(ServerMessage.Ack.class).payload().of());
    dispatcher.handle(new ClientMessage.UserAvailable(null), a);
    dispatcher.handle(new ClientMessage.UserUnavailable(null), a);
    assertEquals(0, f.matches.waiting());
  }

  @Test
  void aFailureIsAnsweredWithUnavailableAndTheMessageId() throws Exception {
    FakeCaller a = caller("a");
    dispatcher.rooms.rooms = null;
    dispatcher.handle(new ClientMessage.JoinRoom("r", null, "j"), a);
    ServerMessage.Error error = a.only(ServerMessage.Error.class);
    assertEquals("unavailable", error.payload().code());
    assertEquals("j", error.messageId());
  }

  @Test
  void eachBucketLimitsItsOwnTypes() {
    RateLimits limits = limits(Map.of("CHAT_RATE_PER_MINUTE", "1", "CHAT_RATE_BURST", "1"));
    ClientMessage chat = new ClientMessage.ChatMessage("r", null, null, null);
    long now = System.nanoTime();
    assertTrue(limits.allows(chat, now));
    assertFalse(limits.allows(chat, now));
    assertTrue(limits.allows(new ClientMessage.Ping(null), now));
    RateLimits matching = limits(Map.of("MATCH_RATE_PER_MINUTE", "1", "MATCH_RATE_BURST", "1"));
    assertTrue(matching.allows(new ClientMessage.UserAvailable(null), now));
    assertFalse(matching.allows(new ClientMessage.RequestRandomPeer(null, null), now));
    assertTrue(matching.allows(new ClientMessage.UserUnavailable(null), now));
    assertTrue(matching.allows(chat, now));
    RateLimits rooms = limits(Map.of("ROOM_RATE_PER_MINUTE", "1", "ROOM_RATE_BURST", "1"));
    assertTrue(rooms.allows(new ClientMessage.JoinRoom("a", null, null), now));
    assertFalse(rooms.allows(new ClientMessage.JoinRoom("b", null, null), now));
    assertTrue(rooms.allows(new ClientMessage.LeaveRoom("a", null), now));
  }

  @Test
  void aSessionsBucketsAreFoundAgainOnItsNextConnectionAndAnAddressSharesItsOwn() {
    RateLimiter limiter =
        Fixture.rateLimiter(
            Settings.of(
                Map.of(
                    "RATE_LIMIT_PER_MINUTE", "60",
                    "RATE_LIMIT_BURST", "2",
                    "ADDRESS_RATE_FACTOR", "2")));
    long now = System.nanoTime();
    RateLimits first = new RateLimits(limiter, "s1", "192.0.2.1");
    assertEquals(TokenBucket.Verdict.ALLOWED, first.frame(now));
    assertEquals(TokenBucket.Verdict.ALLOWED, first.frame(now));
    assertEquals(TokenBucket.Verdict.LIMITED, first.frame(now));
    RateLimits resumed = new RateLimits(limiter, "s1", "192.0.2.1");
    assertEquals(TokenBucket.Verdict.LIMITED, resumed.frame(now), "a reconnect refills nothing");
    RateLimits fresh = new RateLimits(limiter, "s2", "192.0.2.1");
    assertEquals(TokenBucket.Verdict.ALLOWED, fresh.frame(now));
    assertEquals(TokenBucket.Verdict.ALLOWED, fresh.frame(now));
    RateLimits third = new RateLimits(limiter, "s3", "192.0.2.1");
    assertEquals(
        TokenBucket.Verdict.LIMITED, third.frame(now), "the address has had twice a session's");
    RateLimits elsewhere = new RateLimits(limiter, "s4", "192.0.2.2");
    assertEquals(TokenBucket.Verdict.ALLOWED, elsewhere.frame(now));
  }

  private static RateLimits limits(Map<String, String> settings) {
    return new RateLimits(Fixture.rateLimiter(Settings.of(settings)), "s", "192.0.2.1");
  }
}
