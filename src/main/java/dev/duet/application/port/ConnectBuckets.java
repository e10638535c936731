package dev.duet.application.port;

/**
 * The handshake buckets of client addresses ({@code CONNECT_RATE_PER_MINUTE} after a burst of
 * {@code CONNECT_RATE_BURST}, the {@link dev.duet.domain.TokenBucket} rule), kept where every
 * instance that may take a handshake from the address sees them: in a cluster in Redis, so that
 * connecting again to another instance refills nothing. Idle buckets are forgotten once they would
 * be full again; a forgotten bucket and a full one say the same.
 */
public interface ConnectBuckets {
  /**
   * Takes a handshake from {@code address} at {@code nowMillis} (wall-clock milliseconds, shared by
   * the instances; a time before the latest one seen counts as that one); false if its bucket is
   * empty. A bucket that cannot be read (Redis does not answer) lets the handshake through: the
   * session it opens then fails on its own.
   */
  boolean take(String address, long nowMillis);
}
