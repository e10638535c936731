package dev.duet.interfaces.websocket;

import dev.duet.application.settings.Settings;
import dev.duet.domain.TokenBucket;

/**
 * The rate-limit policy of one connection: every message takes from the {@code MESSAGE_RATE}
 * bucket; a chat message also from the {@code CHAT_RATE} bucket, and a request for a stranger
 * ({@code request_random_peer}, {@code user_available_webrtc}) from the {@code MATCH_RATE} one.
 * Over a limit a message is refused with {@code rate_limited}; far over it for long, the connection
 * is closed with 4429 ({@link TokenBucket.Verdict#ABUSIVE}).
 */
final class RateLimits {
  private final TokenBucket messages;
  private final TokenBucket matchRequests;
  private final TokenBucket chats;

  RateLimits(Settings settings) {
    messages = settings.rateLimits().messageLimit().bucket();
    matchRequests = settings.rateLimits().matchLimit().bucket();
    chats = settings.rateLimits().chatLimit().bucket();
  }

  /** Takes what the message costs at {@code now} (nanoseconds) and says whether it may pass. */
  TokenBucket.Verdict take(ClientMessage message, long now) {
    TokenBucket.Verdict verdict = messages.take(now);
    TokenBucket specific =
        message instanceof ClientMessage.ChatMessage
            ? chats
            : message instanceof ClientMessage.RequestRandomPeer
                    || message instanceof ClientMessage.UserAvailable
                ? matchRequests
                : null;
    if (verdict == TokenBucket.Verdict.ALLOWED && specific != null && !specific.tryTake(now)) {
      return TokenBucket.Verdict.LIMITED;
    }
    return verdict;
  }
}
