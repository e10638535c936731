package dev.duet.application;

import dev.duet.domain.ClientAddresses;
import dev.duet.domain.Identifiers;
import dev.duet.domain.OriginPolicy;
import dev.duet.domain.TokenBucket;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Every setting of Duet, read once at start-up through MicroProfile Config (so system properties
 * and environment variables both work) and checked there: a bad value stops the deployment with a
 * message naming the setting. The README's configuration table lists them with their defaults.
 */
@ApplicationScoped
public class Settings {
  private int roomCapacity;
  private Duration roomTtl;
  private Duration cleanupInterval;
  private int maxMessageBytes;
  private Duration heartbeatInterval;
  private Duration connectionTimeout;
  private int sendQueueMessages;
  private List<String> stunUrls;
  private List<String> turnUrls;
  private String turnSecret;
  private Duration turnTtl;
  private String iceTransportPolicy;
  private Path dbPath;
  private String dbUrl;
  private String dbUser;
  private String dbPassword;
  private Duration interestFallback;
  private Duration rematchCooldown;
  private Duration blockTtl;
  private Duration sessionRetention;
  private OriginPolicy allowedOrigins;
  private ClientAddresses trustedProxies;
  private int maxConnections;
  private int maxConnectionsPerIp;
  private int maxRoomsPerUser;
  private Limit messageLimit;
  private Limit matchLimit;
  private Limit chatLimit;
  private Duration sessionTtl;
  private Duration resumeGrace;
  private String jwtSecret;
  private int resumeBufferMessages;
  private int resumeBufferBytes;
  private String adminToken;
  private Duration livenessTimeout;
  private Duration drainDelay;
  private String redisUrl;
  private String instanceId;

  /**
   * A rate limit: {@code perMinute} sustained (0 turns it off) after a burst of {@code burst}.
   * Every connection has its own bucket.
   */
  public record Limit(int perMinute, int burst) {
    public TokenBucket bucket() {
      return new TokenBucket(perMinute, burst);
    }
  }

  @PostConstruct
  void read() {
    Config config = ConfigProvider.getConfig();
    load(name -> config.getOptionalValue(name, String.class));
  }

  /** Settings from a plain map, for tests and tools; unset names take their defaults. */
  public static Settings of(Map<String, String> values) {
    Settings settings = new Settings();
    settings.load(name -> Optional.ofNullable(values.get(name)));
    return settings;
  }

  private void load(Function<String, Optional<String>> config) {
    roomCapacity = positive(config, "ROOM_CAPACITY", "2");
    roomTtl = duration(config, "ROOM_TTL", "10m");
    cleanupInterval = duration(config, "CLEANUP_INTERVAL", "30s");
    maxMessageBytes = positive(config, "MAX_MESSAGE_BYTES", "65536");
    heartbeatInterval = duration(config, "HEARTBEAT_INTERVAL", "15s");
    connectionTimeout = duration(config, "CONNECTION_TIMEOUT", "30s");
    sendQueueMessages = positive(config, "SEND_QUEUE_MESSAGES", "256");
    stunUrls = list(value(config, "STUN_URLS", ""));
    turnUrls = list(value(config, "TURN_URLS", ""));
    turnSecret = value(config, "TURN_SECRET", "");
    turnTtl = duration(config, "TURN_TTL", "1h");
    iceTransportPolicy = value(config, "ICE_TRANSPORT_POLICY", "all").trim();
    if (!List.of("all", "relay").contains(iceTransportPolicy)) {
      throw new IllegalArgumentException(
          "ICE_TRANSPORT_POLICY=" + iceTransportPolicy + ": expected all or relay");
    }
    dbPath = Path.of(value(config, "DB_PATH", "data/duet.db")).toAbsolutePath();
    interestFallback = duration(config, "INTEREST_FALLBACK", "5s");
    rematchCooldown = durationOrZero(config, "REMATCH_COOLDOWN", "10m");
    blockTtl = duration(config, "BLOCK_TTL", "24h");
    sessionRetention = duration(config, "SESSION_RETENTION", "24h");
    allowedOrigins = parsed(config, "ALLOWED_ORIGINS", "", OriginPolicy::parse);
    trustedProxies = parsed(config, "TRUSTED_PROXIES", "", ClientAddresses::parse);
    maxConnections = positive(config, "MAX_CONNECTIONS", "10000");
    maxConnectionsPerIp = positiveOrZero(config, "MAX_CONNECTIONS_PER_IP", "20");
    maxRoomsPerUser = positive(config, "MAX_ROOMS_PER_USER", "4");
    messageLimit =
        new Limit(
            positiveOrZero(config, "RATE_LIMIT_PER_MINUTE", "120"),
            positive(config, "RATE_LIMIT_BURST", "60"));
    matchLimit =
        new Limit(
            positiveOrZero(config, "MATCH_RATE_PER_MINUTE", "20"),
            positive(config, "MATCH_RATE_BURST", "5"));
    chatLimit =
        new Limit(
            positiveOrZero(config, "CHAT_RATE_PER_MINUTE", "30"),
            positive(config, "CHAT_RATE_BURST", "10"));
    sessionTtl = duration(config, "SESSION_TTL", "24h");
    resumeGrace = durationOrZero(config, "RESUME_GRACE", "30s");
    jwtSecret = value(config, "JWT_SECRET", "");
    if (!jwtSecret.isEmpty() && jwtSecret.getBytes(StandardCharsets.UTF_8).length < 32) {
      throw new IllegalArgumentException(
          "JWT_SECRET: expected at least 32 bytes (256 bits) for HS256, or unset to let Duet"
              + " make one");
    }
    resumeBufferMessages = positive(config, "RESUME_BUFFER_MESSAGES", "64");
    resumeBufferBytes = positive(config, "RESUME_BUFFER_BYTES", "262144");
    adminToken = value(config, "ADMIN_TOKEN", "").trim();
    livenessTimeout = duration(config, "LIVENESS_TIMEOUT", "30s");
    drainDelay = durationOrZero(config, "DRAIN_DELAY", "0s");
    redisUrl = value(config, "REDIS_URL", "").trim();
    if (!redisUrl.isEmpty() && !redisUrl.matches("rediss?://.+")) {
      throw new IllegalArgumentException(
          "REDIS_URL=" + redisUrl + ": expected redis://host:port or rediss://host:port");
    }
    dbUrl = value(config, "DB_URL", "").trim();
    dbUser = value(config, "DB_USER", "").trim();
    dbPassword = value(config, "DB_PASSWORD", "");
    if (!dbUrl.isEmpty() && !dbUrl.startsWith("jdbc:postgresql://")) {
      throw new IllegalArgumentException(
          "DB_URL="
              + dbUrl
              + ": expected jdbc:postgresql://host:port/database (unset: SQLite at DB_PATH)");
    }
    if (!redisUrl.isEmpty() && dbUrl.isEmpty() && jwtSecret.isEmpty()) {
      throw new IllegalArgumentException(
          "REDIS_URL is set but DB_URL is not: the instances of a cluster share a PostgreSQL"
              + " (DB_URL, DB_USER, DB_PASSWORD), or at least one JWT_SECRET to accept each"
              + " other's session tokens");
    }
    instanceId = value(config, "INSTANCE_ID", Identifiers.random(8)).trim();
    if (!Identifiers.isValid(instanceId)) {
      throw new IllegalArgumentException(
          "INSTANCE_ID=" + instanceId + ": expected 1 to 64 letters, digits, _ and -");
    }
  }

  private static <T> T parsed(
      Function<String, Optional<String>> config,
      String name,
      String fallback,
      Function<String, T> parser) {
    String text = value(config, name, fallback);
    try {
      return parser.apply(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(name + "=" + text + ": " + e.getMessage(), e);
    }
  }

  private static int positiveOrZero(
      Function<String, Optional<String>> config, String name, String fallback) {
    String text = value(config, name, fallback);
    if (text.trim().equals("0")) {
      return 0;
    }
    return positive(config, name, fallback);
  }

  private static List<String> list(String commaSeparated) {
    return Arrays.stream(commaSeparated.split(","))
        .map(String::trim)
        .filter(item -> !item.isEmpty())
        .toList();
  }

  private static String value(
      Function<String, Optional<String>> config, String name, String fallback) {
    return config.apply(name).orElse(fallback);
  }

  private static int positive(
      Function<String, Optional<String>> config, String name, String fallback) {
    String text = value(config, name, fallback);
    try {
      int value = Integer.parseInt(text.trim());
      if (value > 0) {
        return value;
      }
    } catch (NumberFormatException ignored) {
      // reported below
    }
    throw new IllegalArgumentException(name + "=" + text + ": expected a positive whole number");
  }

  private static Duration duration(
      Function<String, Optional<String>> config, String name, String fallback) {
    Duration value = durationOrZero(config, name, fallback);
    if (value.isZero()) {
      throw new IllegalArgumentException(
          name + "=" + value(config, name, fallback) + ": expected a positive duration");
    }
    return value;
  }

  private static Duration durationOrZero(
      Function<String, Optional<String>> config, String name, String fallback) {
    String text = value(config, name, fallback);
    Duration value;
    try {
      value = Durations.parse(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(name + "=" + e.getMessage(), e);
    }
    if (value.isNegative()) {
      throw new IllegalArgumentException(name + "=" + text + ": expected a duration of 0 or more");
    }
    return value;
  }

  /** How many members a room holds ({@code ROOM_CAPACITY}, default 2). */
  public int roomCapacity() {
    return roomCapacity;
  }

  /** How long an empty room is kept ({@code ROOM_TTL}, default 10 min). */
  public Duration roomTtl() {
    return roomTtl;
  }

  /** How often expired rooms are removed ({@code CLEANUP_INTERVAL}, default 30 s). */
  public Duration cleanupInterval() {
    return cleanupInterval;
  }

  /** The largest text frame accepted ({@code MAX_MESSAGE_BYTES}, default 64 KiB). */
  public int maxMessageBytes() {
    return maxMessageBytes;
  }

  /**
   * How often every connection is pinged; announced to clients ({@code HEARTBEAT_INTERVAL}, default
   * 15 s).
   */
  public Duration heartbeatInterval() {
    return heartbeatInterval;
  }

  /**
   * How long a connection may stay silent (no message, no pong) before it is dropped ({@code
   * CONNECTION_TIMEOUT}, default 30 s).
   */
  public Duration connectionTimeout() {
    return connectionTimeout;
  }

  /**
   * How many frames may wait for a slow client before it is disconnected ({@code
   * SEND_QUEUE_MESSAGES}, default 256).
   */
  public int sendQueueMessages() {
    return sendQueueMessages;
  }

  /** STUN server URLs handed to clients ({@code STUN_URLS}, default none). */
  public List<String> stunUrls() {
    return stunUrls;
  }

  /**
   * How long a user with interests waits for someone sharing one before anyone will do ({@code
   * INTEREST_FALLBACK}, default 5 s).
   */
  public Duration interestFallback() {
    return interestFallback;
  }

  /**
   * How long two users who were matched are kept apart afterwards, whoever skipped ({@code
   * REMATCH_COOLDOWN}, default 10 min; 0 turns it off).
   */
  public Duration rematchCooldown() {
    return rematchCooldown;
  }

  /** How long a block keeps two users apart ({@code BLOCK_TTL}, default 24 h). */
  public Duration blockTtl() {
    return blockTtl;
  }

  /** How long the record of an ended session is kept ({@code SESSION_RETENTION}, default 24 h). */
  public Duration sessionRetention() {
    return sessionRetention;
  }

  /** TURN server URLs handed to clients ({@code TURN_URLS}, default none). */
  public List<String> turnUrls() {
    return turnUrls;
  }

  /**
   * The secret shared with the TURN server for ephemeral credentials ({@code TURN_SECRET}, empty
   * when unset); it is never sent to clients.
   */
  public String turnSecret() {
    return turnSecret;
  }

  /** How long issued TURN credentials are valid ({@code TURN_TTL}, default 1 h). */
  public Duration turnTtl() {
    return turnTtl;
  }

  /**
   * {@code relay} makes every client send media through TURN only, so no one learns the other's
   * address; {@code all} allows direct routes ({@code ICE_TRANSPORT_POLICY}, default all).
   */
  public String iceTransportPolicy() {
    return iceTransportPolicy;
  }

  /**
   * Which pages may open the WebSocket ({@code ALLOWED_ORIGINS}: a comma list of {@code
   * scheme://host[:port]}, or {@code *}; default same-origin only).
   */
  public OriginPolicy allowedOrigins() {
    return allowedOrigins;
  }

  /**
   * The proxies whose {@code X-Forwarded-For} is believed ({@code TRUSTED_PROXIES}: IPs or CIDRs;
   * default none).
   */
  public ClientAddresses trustedProxies() {
    return trustedProxies;
  }

  /** Open WebSocket connections at most ({@code MAX_CONNECTIONS}, default 10,000). */
  public int maxConnections() {
    return maxConnections;
  }

  /**
   * Open connections per client IP at most ({@code MAX_CONNECTIONS_PER_IP}, default 20; 0: no
   * limit).
   */
  public int maxConnectionsPerIp() {
    return maxConnectionsPerIp;
  }

  /** Rooms one user may be in at once ({@code MAX_ROOMS_PER_USER}, default 4). */
  public int maxRoomsPerUser() {
    return maxRoomsPerUser;
  }

  /**
   * Messages per connection ({@code RATE_LIMIT_PER_MINUTE}, default 120, after a burst of {@code
   * RATE_LIMIT_BURST}, default 60: a call's offer, answer and ICE candidates fit in the burst).
   */
  public Limit messageLimit() {
    return messageLimit;
  }

  /**
   * Requests for a stranger (including skips) per connection ({@code MATCH_RATE_PER_MINUTE},
   * default 20, after a burst of {@code MATCH_RATE_BURST}, default 5).
   */
  public Limit matchLimit() {
    return matchLimit;
  }

  /**
   * Chat messages per connection ({@code CHAT_RATE_PER_MINUTE}, default 30, after a burst of {@code
   * CHAT_RATE_BURST}, default 10).
   */
  public Limit chatLimit() {
    return chatLimit;
  }

  /** How long a session token is valid ({@code SESSION_TTL}, default 24 h). */
  public Duration sessionTtl() {
    return sessionTtl;
  }

  /**
   * How long a session whose connection dropped abruptly waits for its client to come back with its
   * token, keeping its rooms and match ({@code RESUME_GRACE}, default 30 s; 0: no waiting).
   */
  public Duration resumeGrace() {
    return resumeGrace;
  }

  /**
   * The HS256 key for session tokens ({@code JWT_SECRET}, at least 32 bytes); empty when unset, and
   * then Duet makes one on first start and keeps it in the database.
   */
  public String jwtSecret() {
    return jwtSecret;
  }

  /**
   * What is kept for a reconnecting user, oldest dropped first: at most {@code
   * RESUME_BUFFER_MESSAGES} frames (default 64) ...
   */
  public int resumeBufferMessages() {
    return resumeBufferMessages;
  }

  /** ... and at most {@code RESUME_BUFFER_BYTES} bytes (default 256 KiB). */
  public int resumeBufferBytes() {
    return resumeBufferBytes;
  }

  /**
   * The token that opens the admin view ({@code ADMIN_TOKEN}; empty when unset, and then the admin
   * view does not exist).
   */
  public String adminToken() {
    return adminToken;
  }

  /**
   * How long the matchmaker may go without completing a run while users wait before liveness
   * reports Duet stuck ({@code LIVENESS_TIMEOUT}, default 30 s).
   */
  public Duration livenessTimeout() {
    return livenessTimeout;
  }

  /**
   * How long, on shutdown, readiness reports DOWN and new handshakes are refused before the clients
   * are told {@code server_draining} ({@code DRAIN_DELAY}, default 0), so that a load balancer
   * stops sending traffic first.
   */
  public Duration drainDelay() {
    return drainDelay;
  }

  /** The SQLite database file ({@code DB_PATH}, default {@code data/duet.db}). */
  public Path dbPath() {
    return dbPath;
  }

  /**
   * The PostgreSQL database ({@code DB_URL}, a {@code jdbc:postgresql://} URL, with {@code DB_USER}
   * and {@code DB_PASSWORD}) that replaces the SQLite file; empty when unset.
   */
  public Optional<String> dbUrl() {
    return dbUrl.isEmpty() ? Optional.empty() : Optional.of(dbUrl);
  }

  public String dbUser() {
    return dbUser;
  }

  public String dbPassword() {
    return dbPassword;
  }

  /**
   * The Redis that instances of a cluster share ({@code REDIS_URL}); empty for a single instance,
   * which keeps everything in memory.
   */
  public Optional<String> redisUrl() {
    return redisUrl.isEmpty() ? Optional.empty() : Optional.of(redisUrl);
  }

  /** Whether this instance is one of a cluster sharing Redis. */
  public boolean clustered() {
    return !redisUrl.isEmpty();
  }

  /**
   * This instance's name in the cluster ({@code INSTANCE_ID}, default a new random one per run).
   */
  public String instanceId() {
    return instanceId;
  }
}
