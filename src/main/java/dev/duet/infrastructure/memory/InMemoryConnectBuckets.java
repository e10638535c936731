package dev.duet.infrastructure.memory;

import dev.duet.application.port.ConnectBuckets;
import dev.duet.application.settings.Settings;
import dev.duet.domain.RateBook;
import dev.duet.domain.RateKind;
import dev.duet.domain.TokenBucket;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import java.util.Map;

/**
 * The handshake buckets of one instance that is the whole deployment: a {@link RateBook} of
 * addresses, at most four per connection the server accepts ({@code MAX_CONNECTIONS}), the idle
 * ones forgotten when it is full.
 */
@ApplicationScoped
@Typed(InMemoryConnectBuckets.class)
public class InMemoryConnectBuckets implements ConnectBuckets {
  private static final int ADDRESSES_PER_CONNECTION = 4;
  private static final long NANOS_PER_MILLI = 1_000_000;

  @Inject Settings settings;

  private RateBook book;

  @PostConstruct
  void create() {
    book =
        new RateBook(
            Map.of(RateKind.CONNECT, settings.rateLimits().connectLimit()),
            settings.connections().maxConnections() * ADDRESSES_PER_CONNECTION);
  }

  @Override
  public boolean take(String address, long nowMillis) {
    return book.take(address, RateKind.CONNECT, nowMillis * NANOS_PER_MILLI)
        == TokenBucket.Verdict.ALLOWED;
  }
}
