package dev.duet.infrastructure.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.duet.application.port.InvalidToken;
import dev.duet.application.port.SessionTokens;
import dev.duet.application.settings.Settings;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Date;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JwtSessionTokensTest {
  private static final String SECRET = "a-secret-of-at-least-thirty-two-bytes!!";
  private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

  private static JwtSessionTokens tokens(String secret, Instant now) {
    JwtSessionTokens tokens = new JwtSessionTokens();
    tokens.settings = Settings.of(secret == null ? Map.of() : Map.of("JWT_SECRET", secret));
    tokens.clock = Clock.fixed(now, ZoneOffset.UTC);
    tokens.keys = () -> "a stored key that is 32 bytes!!!".getBytes(StandardCharsets.UTF_8);
    return tokens;
  }

  @Test
  void aTokenItIssuedNamesTheUserAndSession() throws Exception {
    JwtSessionTokens tokens = tokens(SECRET, NOW);
    String token = tokens.issue("alice", "s1", NOW.plus(Duration.ofHours(24)));
    SessionTokens.Claims claims = tokens.verify(token);
    assertEquals(new SessionTokens.Claims("alice", "s1", NOW.plus(Duration.ofHours(24))), claims);
    String header = new String(Base64.getUrlDecoder().decode(token.split("\\.")[0]));
    assertTrue(header.contains("HS256"), header);
  }

  @Test
  void withoutJwtSecretTheStoredKeySigns() throws Exception {
    JwtSessionTokens tokens = tokens(null, NOW);
    String token = tokens.issue("alice", "s1", NOW.plusSeconds(60));
    assertEquals("alice", tokens.verify(token).userId());
    assertThrows(InvalidToken.class, () -> tokens(SECRET, NOW).verify(token));
  }

  @Test
  void withoutADatabaseAKeyForThisRunSigns() throws Exception {
    JwtSessionTokens tokens = tokens(null, NOW);
    tokens.keys =
        () -> {
          throw new IllegalStateException("database data/duet.db cannot be used");
        };
    String token = tokens.issue("alice", "s1", NOW.plusSeconds(60));
    assertEquals("alice", tokens.verify(token).userId());
    assertThrows(InvalidToken.class, () -> tokens(null, NOW).verify(token));
  }

  /**
   * A pseudonym is the same for one text under one key (every instance of a deployment) and tells
   * nothing without the key: another key, or another text, gives another one.
   */
  @Test
  void aPseudonymIsOneTextUnderOneKey() {
    String home = tokens(SECRET, NOW).pseudonym("origin 192.0.2.1");
    assertEquals(home, tokens(SECRET, NOW).pseudonym("origin 192.0.2.1"));
    assertEquals(43, home.length(), "256 bits, base64url");
    assertNotEquals(home, tokens(SECRET, NOW).pseudonym("origin 192.0.2.2"));
    assertNotEquals(home, tokens(SECRET + "!", NOW).pseudonym("origin 192.0.2.1"));
    assertTrue(!home.contains("192"));
  }

  @Test
  void anExpiredTokenIsRefused() {
    String token = tokens(SECRET, NOW).issue("alice", "s1", NOW.plusSeconds(60));
    InvalidToken refused =
        assertThrows(InvalidToken.class, () -> tokens(SECRET, NOW.plusSeconds(60)).verify(token));
    assertEquals("the token has expired", refused.getMessage());
  }

  @Test
  void aTokenSignedWithAnotherKeyOrAlteredIsRefused() throws Exception {
    String other =
        tokens("another-secret-of-at-least-32-bytes!!!", NOW)
            .issue("alice", "s1", NOW.plusSeconds(60));
    assertThrows(InvalidToken.class, () -> tokens(SECRET, NOW).verify(other));
    String mine = tokens(SECRET, NOW).issue("alice", "s1", NOW.plusSeconds(60));
    String[] parts = mine.split("\\.");
    String bob =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(
                new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                    .replace("alice", "bob")
                    .getBytes(StandardCharsets.UTF_8));
    assertThrows(
        InvalidToken.class,
        () -> tokens(SECRET, NOW).verify(parts[0] + "." + bob + "." + parts[2]));
  }

  @Test
  void unsignedOtherAlgorithmsAndGarbageAreRefused() throws Exception {
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .issuer("duet")
            .subject("alice")
            .claim("sid", "s1")
            .expirationTime(Date.from(NOW.plusSeconds(60)))
            .build();
    String unsigned = new PlainJWT(claims).serialize();
    assertThrows(InvalidToken.class, () -> tokens(SECRET, NOW).verify(unsigned));
    SignedJWT hs512 = new SignedJWT(new JWSHeader(JWSAlgorithm.HS512), claims);
    hs512.sign(new MACSigner((SECRET + SECRET).getBytes(StandardCharsets.UTF_8)));
    assertThrows(
        InvalidToken.class,
        () -> tokens(SECRET + SECRET, NOW).verify(hs512.serialize()),
        "only HS256 is accepted");
    for (String garbage : new String[] {"", "x", "a.b.c", "eyJ.eyJ.", "....", "\u0000"}) {
      assertThrows(InvalidToken.class, () -> tokens(SECRET, NOW).verify(garbage), garbage);
    }
  }

  @Test
  void aSignedTokenThatNamesNoDuetSessionIsRefused() throws Exception {
    JWTClaimsSet noSession =
        new JWTClaimsSet.Builder()
            .issuer("duet")
            .subject("alice")
            .expirationTime(Date.from(NOW.plusSeconds(60)))
            .build();
    SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), noSession);
    jwt.sign(new MACSigner(SECRET.getBytes(StandardCharsets.UTF_8)));
    assertThrows(InvalidToken.class, () -> tokens(SECRET, NOW).verify(jwt.serialize()));
  }

  @Test
  void aShortJwtSecretStopsTheDeployment() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> Settings.of(Map.of("JWT_SECRET", "short")));
    assertTrue(e.getMessage().startsWith("JWT_SECRET"), e.getMessage());
  }

  @Test
  void aDeviceTokenNamesItsDeviceForeverAndIsNoSessionToken() throws Exception {
    JwtSessionTokens tokens = tokens(SECRET, NOW);
    String device = tokens.issueDevice("dev-1");
    assertEquals(
        java.util.Optional.of("dev-1"),
        tokens(SECRET, NOW.plus(Duration.ofDays(3650))).deviceOf(device));
    assertEquals(
        java.util.Optional.empty(),
        tokens("another-secret-of-thirty-two-bytes!!", NOW).deviceOf(device));
    assertThrows(InvalidToken.class, () -> tokens.verify(device));
    String session = tokens.issue("alice", "s1", NOW.plusSeconds(60));
    assertEquals(java.util.Optional.empty(), tokens.deviceOf(session));
    assertEquals(java.util.Optional.empty(), tokens.deviceOf("not a token"));
    String[] parts = device.split("\\.");
    String forged =
        parts[0]
            + "."
            + Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(
                    "{\"iss\":\"duet\",\"sub\":\"dev-2\",\"dev\":true}"
                        .getBytes(StandardCharsets.UTF_8))
            + "."
            + parts[2];
    assertEquals(java.util.Optional.empty(), tokens.deviceOf(forged));
  }
}
