package dev.duet.domain;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Short-lived TURN credentials in the TURN REST API form that coturn checks with {@code
 * use-auth-secret}: the username is {@code "<expiry unix seconds>:<userId>"}, the credential {@code
 * base64(HMAC-SHA1(secret, username))}. The TURN server recomputes the credential from the shared
 * secret, so the secret itself never leaves the servers, and a leaked credential dies at its
 * expiry.
 */
public record TurnCredentials(String username, String credential, Instant expiresAt) {

  public static TurnCredentials issue(String secret, String userId, Instant now, Duration ttl) {
    Instant expiresAt = now.plus(ttl);
    String username = expiresAt.getEpochSecond() + ":" + userId;
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
      String credential =
          Base64.getEncoder()
              .encodeToString(mac.doFinal(username.getBytes(StandardCharsets.UTF_8)));
      return new TurnCredentials(username, credential, expiresAt);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA1 is part of every JVM", e);
    }
  }
}
