package dev.duet.application.settings;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Every setting of Duet, read once at start-up through MicroProfile Config (so system properties
 * and environment variables both work) and checked there: a bad value stops the deployment with a
 * message naming the setting. They come in groups, one per concern, each a record that names its
 * settings and their defaults; the README's configuration table lists them all.
 */
@ApplicationScoped
public class Settings {
  private RoomSettings rooms;
  private ConnectionSettings connections;
  private RateLimitSettings rateLimits;
  private MatchingSettings matching;
  private SessionSettings sessions;
  private IceSettings ice;
  private DatabaseSettings database;
  private ClusterSettings cluster;
  private ModerationSettings moderation;
  private String adminToken;

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

  private void load(Function<String, Optional<String>> source) {
    SettingValues values = new SettingValues(source);
    rooms = RoomSettings.read(values);
    connections = ConnectionSettings.read(values);
    rateLimits = RateLimitSettings.read(values);
    matching = MatchingSettings.read(values);
    sessions = SessionSettings.read(values);
    ice = IceSettings.read(values);
    database = DatabaseSettings.read(values);
    cluster = ClusterSettings.read(values);
    moderation = ModerationSettings.read(values);
    adminToken = values.text("ADMIN_TOKEN", "").trim();
    if (cluster.clustered() && database.dbUrl().isEmpty() && sessions.jwtSecret().isEmpty()) {
      throw new IllegalArgumentException(
          "REDIS_URL is set but DB_URL is not: the instances of a cluster share a PostgreSQL"
              + " (DB_URL, DB_USER, DB_PASSWORD), or at least one JWT_SECRET to accept each"
              + " other's session tokens");
    }
  }

  public RoomSettings rooms() {
    return rooms;
  }

  public ConnectionSettings connections() {
    return connections;
  }

  public RateLimitSettings rateLimits() {
    return rateLimits;
  }

  public MatchingSettings matching() {
    return matching;
  }

  public SessionSettings sessions() {
    return sessions;
  }

  public IceSettings ice() {
    return ice;
  }

  public DatabaseSettings database() {
    return database;
  }

  public ClusterSettings cluster() {
    return cluster;
  }

  public ModerationSettings moderation() {
    return moderation;
  }

  /**
   * The token that opens the admin view ({@code ADMIN_TOKEN}; empty when unset, and then the admin
   * view does not exist).
   */
  public String adminToken() {
    return adminToken;
  }
}
