package dev.duet.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duet.application.settings.Durations;
import dev.duet.application.settings.Settings;
import dev.duet.domain.RateBook;
import dev.duet.domain.RateKind;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsTest {

  @Test
  void defaults() {
    Settings settings = Settings.of(Map.of());
    assertEquals(2, settings.rooms().roomCapacity());
    assertEquals(Duration.ofMinutes(10), settings.rooms().roomTtl());
    assertEquals(65536, settings.connections().maxMessageBytes());
    assertEquals(Duration.ofSeconds(15), settings.connections().heartbeatInterval());
    assertEquals(List.of(), settings.ice().stunUrls());
    assertEquals(Duration.ZERO, settings.connections().drainDelay());
    assertTrue(settings.database().dbPath().isAbsolute());
    assertTrue(settings.database().dbPath().endsWith("data/duet.db"));
  }

  @Test
  void valuesAreParsed() {
    Settings settings =
        Settings.of(
            Map.of(
                "ROOM_CAPACITY", "3",
                "ROOM_TTL", "PT2S",
                "STUN_URLS", " stun:a:3478 ,, stun:b ",
                "DB_PATH", "/tmp/x.db",
                "DRAIN_DELAY", "3s"));
    assertEquals(3, settings.rooms().roomCapacity());
    assertEquals(Duration.ofSeconds(3), settings.connections().drainDelay());
    assertEquals(Duration.ofSeconds(2), settings.rooms().roomTtl());
    assertEquals(List.of("stun:a:3478", "stun:b"), settings.ice().stunUrls());
    assertEquals("/tmp/x.db", settings.database().dbPath().toString());
  }

  @Test
  void limits() {
    Settings defaults = Settings.of(Map.of());
    assertEquals(10_000, defaults.connections().maxConnections());
    assertEquals(20, defaults.connections().maxConnectionsPerIp());
    assertEquals(new RateBook.Limit(120, 60), defaults.rateLimits().messageLimit());
    assertEquals(new RateBook.Limit(20, 5), defaults.rateLimits().matchLimit());
    assertEquals(new RateBook.Limit(30, 10), defaults.rateLimits().chatLimit());
    assertEquals(new RateBook.Limit(10, 5), defaults.rateLimits().roomLimit());
    assertEquals(new RateBook.Limit(60, 30), defaults.rateLimits().connectLimit());
    assertEquals(
        new RateBook.Limit(1200, 600), defaults.rateLimits().perAddress().get(RateKind.MESSAGE));
    assertEquals(
        new RateBook.Limit(200, 50), defaults.rateLimits().perAddress().get(RateKind.MATCH));
    assertEquals(null, defaults.rateLimits().perSession().get(RateKind.CONNECT));
    assertTrue(defaults.connections().allowedOrigins().allows(null, "a.example", false));
    assertTrue(
        defaults.connections().allowedOrigins().allows("https://a.example", "a.example", true));
    Settings off =
        Settings.of(
            Map.of(
                "MAX_CONNECTIONS_PER_IP", "0",
                "RATE_LIMIT_PER_MINUTE", "0",
                "ADDRESS_RATE_FACTOR", "0",
                "ALLOWED_ORIGINS", "*",
                "TRUSTED_PROXIES", "10.0.0.0/8"));
    assertEquals(0, off.connections().maxConnectionsPerIp());
    assertEquals(0, off.rateLimits().messageLimit().perMinute());
    assertEquals(Map.of(), off.rateLimits().perAddress());
    assertEquals(new RateBook.Limit(60, 30), off.rateLimits().connectLimit());
    assertTrue(off.connections().allowedOrigins().allows("https://b.example", "a.example", true));
    assertEquals(
        "203.0.113.9", off.connections().trustedProxies().clientIp("10.1.2.3", "203.0.113.9"));
  }

  @Test
  void badValuesNameTheSetting() {
    for (Map<String, String> bad :
        List.of(
            Map.of("ROOM_CAPACITY", "0"),
            Map.of("ROOM_CAPACITY", "two"),
            Map.of("ROOM_TTL", "soon"),
            Map.of("ROOM_TTL", "0s"),
            Map.of("DRAIN_DELAY", "-1s"),
            Map.of("ALLOWED_ORIGINS", "https://a.example/path"),
            Map.of("TRUSTED_PROXIES", "proxy.example"),
            Map.of("MAX_CONNECTIONS", "0"),
            Map.of("RATE_LIMIT_PER_MINUTE", "-1"),
            Map.of("RATE_LIMIT_BURST", "0"),
            Map.of("DB_URL", "jdbc:sqlite:/tmp/x.db"),
            Map.of("REDIS_URL", "localhost:6379"))) {
      String name = bad.keySet().iterator().next();
      IllegalArgumentException error =
          assertThrows(IllegalArgumentException.class, () -> Settings.of(bad));
      assertTrue(error.getMessage().startsWith(name + "="), error.getMessage());
    }
  }

  @Test
  void aClusterSharesPostgresqlOrAtLeastItsTokenKey() {
    Settings clustered =
        Settings.of(
            Map.of(
                "REDIS_URL", "redis://127.0.0.1:6379",
                "DB_URL", "jdbc:postgresql://127.0.0.1:5432/duet",
                "DB_USER", "duet",
                "DB_PASSWORD", "secret"));
    assertTrue(clustered.cluster().clustered());
    assertEquals(
        "jdbc:postgresql://127.0.0.1:5432/duet", clustered.database().dbUrl().orElseThrow());
    assertEquals("duet", clustered.database().dbUser());
    assertEquals("secret", clustered.database().dbPassword());
    assertTrue(Settings.of(Map.of()).database().dbUrl().isEmpty());
    IllegalArgumentException alone =
        assertThrows(
            IllegalArgumentException.class,
            () -> Settings.of(Map.of("REDIS_URL", "redis://127.0.0.1:6379")));
    assertTrue(alone.getMessage().contains("DB_URL"), alone.getMessage());
    assertTrue(
        Settings.of(
                Map.of(
                    "REDIS_URL", "redis://127.0.0.1:6379",
                    "JWT_SECRET", "a-secret-of-at-least-thirty-two-bytes"))
            .cluster()
            .clustered());
  }

  @Test
  void durations() {
    assertEquals(Duration.ofMillis(250), Durations.parse("250ms"));
    assertEquals(Duration.ofSeconds(30), Durations.parse("30s"));
    assertEquals(Duration.ofSeconds(45), Durations.parse("45"));
    assertEquals(Duration.ofMinutes(10), Durations.parse("10m"));
    assertEquals(Duration.ofHours(24), Durations.parse(" 24h "));
    assertEquals(Duration.ofDays(7), Durations.parse("7d"));
    assertEquals(Duration.ofMinutes(10), Durations.parse("PT10M"));
    assertThrows(IllegalArgumentException.class, () -> Durations.parse("ten"));
  }

  @Test
  void iceServersCarryTurnCredentialsOfTheUsersOwn() {
    IceServers ice = new IceServers();
    ice.settings =
        Settings.of(
            Map.of(
                "STUN_URLS", "stun:stun.example.org:3478",
                "TURN_URLS", "turn:turn.example.org:3478?transport=udp,turns:turn.example.org:5349",
                "TURN_SECRET", "s3cret",
                "ICE_TRANSPORT_POLICY", "relay"));
    ice.clock =
        java.time.Clock.fixed(java.time.Instant.ofEpochSecond(1_000), java.time.ZoneOffset.UTC);
    List<IceServers.Server> servers = ice.forUser("bob");
    assertEquals(List.of("stun:stun.example.org:3478"), servers.get(0).urls());
    assertEquals(null, servers.get(0).username());
    assertEquals(2, servers.get(1).urls().size());
    assertEquals("4600:bob", servers.get(1).username());
    // printf '4600:bob' | openssl dgst -sha1 -hmac s3cret -binary | base64
    assertEquals("3tDnmpcDqE2xHEeQ3u5P1rHjZIA=", servers.get(1).credential());
    assertEquals("relay", ice.transportPolicy());
    assertThrows(
        IllegalArgumentException.class, () -> Settings.of(Map.of("ICE_TRANSPORT_POLICY", "p2p")));
    assertEquals(
        List.of(),
        new IceServers() {
          {
            settings = Settings.of(Map.of());
          }
        }.forUser("x"));
  }
}
