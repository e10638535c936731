package dev.duet.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The credential is what coturn computes: checked against openssl, independently of Java. */
class TurnCredentialsTest {

  @Test
  void matchesOpensslsHmacSha1() throws Exception {
    Instant now = Instant.parse("2026-11-22T10:00:00Z");
    TurnCredentials credentials =
        TurnCredentials.issue("north-sea-secret", "alice_42", now, Duration.ofHours(1));
    assertEquals("1795345200:alice_42", credentials.username());
    assertEquals(now.plusSeconds(3600), credentials.expiresAt());
    assertEquals(openssl("north-sea-secret", credentials.username()), credentials.credential());
  }

  /** {@code printf %s USERNAME | openssl dgst -sha1 -hmac SECRET -binary | base64}. */
  private static String openssl(String secret, String username)
      throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder(
                "sh",
                "-c",
                "printf %s \"$1\" | openssl dgst -sha1 -hmac \"$2\" -binary | base64",
                "openssl",
                username,
                secret)
            .start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertEquals(0, process.waitFor(), "openssl failed");
    return out;
  }
}
