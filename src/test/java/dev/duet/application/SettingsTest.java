package dev.duet.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsTest {

  @Test
  void defaults() {
    Settings settings = Settings.of(Map.of());
    assertEquals(2, settings.roomCapacity());
    assertEquals(Duration.ofMinutes(10), settings.roomTtl());
    assertEquals(65536, settings.maxMessageBytes());
    assertEquals(Duration.ofSeconds(15), settings.heartbeatInterval());
    assertEquals(List.of(), settings.stunUrls());
    assertTrue(settings.dbPath().isAbsolute());
    assertTrue(settings.dbPath().endsWith("data/duet.db"));
  }

  @Test
  void valuesAreParsed() {
    Settings settings =
        Settings.of(
            Map.of(
                "ROOM_CAPACITY", "3",
                "ROOM_TTL", "PT2S",
                "STUN_URLS", " stun:a:3478 ,, stun:b ",
                "DB_PATH", "/tmp/x.db"));
    assertEquals(3, settings.roomCapacity());
    assertEquals(Duration.ofSeconds(2), settings.roomTtl());
    assertEquals(List.of("stun:a:3478", "stun:b"), settings.stunUrls());
    assertEquals("/tmp/x.db", settings.dbPath().toString());
  }

  @Test
  void badValuesNameTheSetting() {
    for (Map<String, String> bad :
        List.of(
            Map.of("ROOM_CAPACITY", "0"),
            Map.of("ROOM_CAPACITY", "two"),
            Map.of("ROOM_TTL", "soon"),
            Map.of("ROOM_TTL", "0s"))) {
      String name = bad.keySet().iterator().next();
      IllegalArgumentException error =
          assertThrows(IllegalArgumentException.class, () -> Settings.of(bad));
      assertTrue(error.getMessage().startsWith(name + "="), error.getMessage());
    }
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
    assertTrue(!servers.get(1).credential().contains("s3cret"));
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
