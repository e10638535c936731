package dev.duet.interfaces.websocket;

import dev.duet.application.RateLimiter;
import dev.duet.domain.RateKind;
import dev.duet.domain.TokenBucket;

/**
 * What the messages of one connection cost, taken from its session's and its address's buckets
 * ({@link RateLimiter}): every frame takes a {@link RateKind#MESSAGE} token when it starts to
 * arrive, before it is read, so a refused frame is never parsed or even put together; once read, a
 * chat message also takes a {@link RateKind#CHAT} token, a request for a stranger ({@code
 * request_random_peer}, {@code user_available_webrtc}) a {@link RateKind#MATCH} one, {@code
 * join_room} a {@link RateKind#ROOM} one, {@code refresh_ice} an {@link RateKind#ICE} one and
 * {@code call_stats} a {@link RateKind#STATS} one. Over a limit a message is refused with {@code
 * rate_limited}; far over its session's message limit for long, the connection is closed with 4429
 * ({@link TokenBucket.Verdict#ABUSIVE}).
 */
final class RateLimits {
  private final RateLimiter limiter;
  private final String session;
  private final String address;

  RateLimits(RateLimiter limiter, String session, String address) {
    this.limiter = limiter;
    this.session = session;
    this.address = address;
  }

  /** Takes what a frame costs at {@code now} (nanoseconds), before it is read. */
  TokenBucket.Verdict frame(long now) {
    return limiter.take(session, address, RateKind.MESSAGE, now);
  }

  /** Takes what this kind of message costs on top of its frame; whether it may pass. */
  boolean allows(ClientMessage message, long now) {
    RateKind kind = kindOf(message);
    return kind == null || limiter.take(session, address, kind, now) == TokenBucket.Verdict.ALLOWED;
  }

  private static RateKind kindOf(ClientMessage message) {
    if (message instanceof ClientMessage.ChatMessage) {
      return RateKind.CHAT;
    }
    if (message instanceof ClientMessage.RequestRandomPeer
        || message instanceof ClientMessage.UserAvailable) {
      return RateKind.MATCH;
    }
    if (message instanceof ClientMessage.JoinRoom) {
      return RateKind.ROOM;
    }
    if (message instanceof ClientMessage.RefreshIce) {
      return RateKind.ICE;
    }
    return message instanceof ClientMessage.CallStats ? RateKind.STATS : null;
  }
}
