package dev.duet.application;

import dev.duet.application.port.ConnectBuckets;
import dev.duet.application.settings.Settings;
import dev.duet.domain.RateBook;
import dev.duet.domain.RateKind;
import dev.duet.domain.TokenBucket;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;

/**
 * The rate limits: one {@link RateBook} of sessions, whose buckets a resumed session finds again,
 * and one of client addresses, which every session from the address shares, both of this instance;
 * and the handshakes of each address, which every instance of a cluster shares, so that connecting
 * again or as someone new refills nothing. An action passes if both its session's and its address's
 * buckets allow it; only the session's own refusals make a connection {@link
 * TokenBucket.Verdict#ABUSIVE abusive} (a neighbour behind the same address is limited with it,
 * never closed for it). Each book holds at most four senders per connection the server accepts
 * ({@code MAX_CONNECTIONS}); {@link #sweep} forgets the idle ones.
 */
@ApplicationScoped
public class RateLimiter {
  private static final int SENDERS_PER_CONNECTION = 4;

  @Inject Settings settings;
  @Inject ConnectBuckets handshakes;
  @Inject Clock clock;

  private RateBook sessions;
  private RateBook addresses;

  @PostConstruct
  void create() {
    int capacity = settings.connections().maxConnections() * SENDERS_PER_CONNECTION;
    sessions = new RateBook(settings.rateLimits().perSession(), capacity);
    addresses = new RateBook(settings.rateLimits().perAddress(), capacity);
  }

  /**
   * Takes a handshake from {@code address}; false if the address is over its connect rate, counted
   * by every instance of a cluster together ({@link ConnectBuckets}).
   */
  public boolean connect(String address) {
    return handshakes.take(address, clock.millis());
  }

  /** Takes one {@code kind} of action of {@code session}, connected from {@code address}. */
  public TokenBucket.Verdict take(String session, String address, RateKind kind, long nowNanos) {
    TokenBucket.Verdict own = sessions.take(session, kind, nowNanos);
    if (own != TokenBucket.Verdict.ALLOWED) {
      return own;
    }
    return addresses.take(address, kind, nowNanos) == TokenBucket.Verdict.ALLOWED
        ? TokenBucket.Verdict.ALLOWED
        : TokenBucket.Verdict.LIMITED;
  }

  /** Forgets the sessions and addresses whose buckets are full again. */
  public void sweep(long nowNanos) {
    sessions.sweep(nowNanos);
    addresses.sweep(nowNanos);
  }
}
