package dev.duet.application.settings;

import dev.duet.domain.ClientAddresses;
import dev.duet.domain.OriginPolicy;
import java.time.Duration;

/**
 * The WebSocket connections: who may open one, how many, how big a message, how a dead one is
 * found.
 *
 * @param maxMessageBytes the largest text frame accepted ({@code MAX_MESSAGE_BYTES}, default 64
 *     KiB)
 * @param heartbeatInterval how often every connection is pinged; announced to clients ({@code
 *     HEARTBEAT_INTERVAL}, default 15 s)
 * @param connectionTimeout how long a connection may stay silent (no message, no pong) before it is
 *     dropped ({@code CONNECTION_TIMEOUT}, default 30 s)
 * @param sendQueueMessages how many frames may wait for a slow client before it is disconnected
 *     ({@code SEND_QUEUE_MESSAGES}, default 256) ...
 * @param sendQueueBytes ... and how big they may be together, counted in characters ({@code
 *     SEND_QUEUE_BYTES}, default 1 MiB)
 * @param maxConnections open WebSocket connections at most ({@code MAX_CONNECTIONS}, default
 *     10,000)
 * @param maxConnectionsPerIp open connections per client IP at most ({@code
 *     MAX_CONNECTIONS_PER_IP}, default 20; 0: no limit)
 * @param allowedOrigins which pages may open the WebSocket ({@code ALLOWED_ORIGINS}: a comma list
 *     of {@code scheme://host[:port]}, or {@code *}; default same-origin only)
 * @param trustedProxies the proxies whose {@code X-Forwarded-For} is believed ({@code
 *     TRUSTED_PROXIES}: IPs or CIDRs; default none)
 * @param drainDelay how long, on shutdown, readiness reports DOWN and new handshakes are refused
 *     before the clients are told {@code server_draining} ({@code DRAIN_DELAY}, default 0), so that
 *     a load balancer stops sending traffic first
 */
public record ConnectionSettings(
    int maxMessageBytes,
    Duration heartbeatInterval,
    Duration connectionTimeout,
    int sendQueueMessages,
    int sendQueueBytes,
    int maxConnections,
    int maxConnectionsPerIp,
    OriginPolicy allowedOrigins,
    ClientAddresses trustedProxies,
    Duration drainDelay) {

  static ConnectionSettings read(SettingValues values) {
    return new ConnectionSettings(
        values.positive("MAX_MESSAGE_BYTES", "65536"),
        values.duration("HEARTBEAT_INTERVAL", "15s"),
        values.duration("CONNECTION_TIMEOUT", "30s"),
        values.positive("SEND_QUEUE_MESSAGES", "256"),
        values.positive("SEND_QUEUE_BYTES", "1048576"),
        values.positive("MAX_CONNECTIONS", "10000"),
        values.positiveOrZero("MAX_CONNECTIONS_PER_IP", "20"),
        values.parsed("ALLOWED_ORIGINS", "", OriginPolicy::parse),
        values.parsed("TRUSTED_PROXIES", "", ClientAddresses::parse),
        values.durationOrZero("DRAIN_DELAY", "0s"));
  }
}
