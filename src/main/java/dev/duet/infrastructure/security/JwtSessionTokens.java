package dev.duet.infrastructure.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.duet.application.port.InvalidToken;
import dev.duet.application.port.SessionTokens;
import dev.duet.application.port.SigningKeys;
import dev.duet.application.settings.Settings;
import dev.duet.domain.Identifiers;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Optional;
import java.util.logging.Logger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Session tokens as JWTs signed with HS256 (Nimbus JOSE+JWT): issuer {@code duet}, subject the user
 * id, claim {@code sid} the session id, and an expiry. Device tokens likewise: subject the device
 * id, claim {@code dev} true, no {@code sid} and no expiry (a device ban must outlast them). The
 * key is {@code JWT_SECRET}, or the one {@link SigningKeys} keeps; if the database cannot give one,
 * a key for this run only, so that signaling goes on without the database.
 */
@ApplicationScoped
public class JwtSessionTokens implements SessionTokens {
  private static final Logger LOG = Logger.getLogger(JwtSessionTokens.class.getName());
  private static final String ISSUER = "duet";
  private static final String SESSION_ID = "sid";
  private static final String DEVICE = "dev";

  @Inject Settings settings;
  @Inject SigningKeys keys;
  @Inject Clock clock;

  /**
   * The header of every token, parsed from its encoding once so that signing does not encode it
   * again.
   */
  private static final JWSHeader HEADER = header();

  /** The key and what signs and checks with it, made once: the key never changes in a run. */
  private record Keyed(MACSigner signer, MACVerifier verifier, Mac mac) {}

  private volatile Keyed keyed;

  private Keyed keyed() {
    Keyed current = keyed;
    if (current != null) {
      return current;
    }
    synchronized (this) {
      if (keyed == null) {
        String secret = settings.sessions().jwtSecret();
        byte[] key = secret.isEmpty() ? storedKey() : secret.getBytes(StandardCharsets.UTF_8);
        try {
          Mac mac = Mac.getInstance("HmacSHA256");
          mac.init(new SecretKeySpec(key, "HmacSHA256"));
          keyed = new Keyed(new MACSigner(key), new MACVerifier(key), mac);
        } catch (GeneralSecurityException | JOSEException e) {
          throw new IllegalStateException("cannot use the token key: " + e.getMessage(), e);
        }
      }
      return keyed;
    }
  }

  private static JWSHeader header() {
    try {
      return JWSHeader.parse(new JWSHeader(JWSAlgorithm.HS256).toBase64URL());
    } catch (ParseException e) {
      throw new IllegalStateException(e);
    }
  }

  private byte[] storedKey() {
    try {
      return keys.sessionTokenKey();
    } catch (RuntimeException e) {
      LOG.warning(
          "No stored key for session tokens ("
              + e.getMessage()
              + "); using one for this run only: tokens will not survive a restart");
      byte[] key = new byte[32];
      new SecureRandom().nextBytes(key);
      return key;
    }
  }

  @Override
  public String issue(String userId, String sessionId, Instant expiresAt) {
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .issuer(ISSUER)
            .subject(userId)
            .claim(SESSION_ID, sessionId)
            .issueTime(Date.from(clock.instant()))
            .expirationTime(Date.from(expiresAt))
            .build();
    return sign(claims);
  }

  @Override
  public String issueDevice(String deviceId) {
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .issuer(ISSUER)
            .subject(deviceId)
            .claim(DEVICE, true)
            .issueTime(Date.from(clock.instant()))
            .build();
    return sign(claims);
  }

  @Override
  public Optional<String> deviceOf(String deviceToken) {
    try {
      SignedJWT jwt = SignedJWT.parse(deviceToken);
      JWTClaimsSet claims = jwt.getJWTClaimsSet();
      if (JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm())
          && jwt.verify(keyed().verifier())
          && ISSUER.equals(claims.getIssuer())
          && Boolean.TRUE.equals(claims.getClaim(DEVICE))
          && claims.getClaim(SESSION_ID) == null
          && Identifiers.isValid(claims.getSubject())) {
        return Optional.of(claims.getSubject());
      }
    } catch (ParseException | JOSEException | RuntimeException e) {
      return Optional.empty();
    }
    return Optional.empty();
  }

  private String sign(JWTClaimsSet claims) {
    SignedJWT jwt = new SignedJWT(HEADER, claims);
    try {
      jwt.sign(keyed().signer());
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot sign a token: " + e.getMessage(), e);
    }
    return jwt.serialize();
  }

  @Override
  public String pseudonym(String text) {
    try {
      Mac mac = (Mac) keyed().mac().clone();
      return Base64.getUrlEncoder()
          .withoutPadding()
          .encodeToString(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException("HmacSHA256 of every Java runtime can be cloned", e);
    }
  }

  @Override
  public Claims verify(String token) throws InvalidToken {
    SignedJWT jwt;
    JWTClaimsSet claims;
    try {
      jwt = SignedJWT.parse(token);
      claims = jwt.getJWTClaimsSet();
    } catch (ParseException e) {
      throw new InvalidToken("the token is not a signed JWT");
    }
    if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm())) {
      throw new InvalidToken("the token is not signed with HS256");
    }
    try {
      if (!jwt.verify(keyed().verifier())) {
        throw new InvalidToken("the token was not signed by this server");
      }
    } catch (JOSEException e) {
      throw new InvalidToken("the token's signature cannot be checked");
    }
    Object sessionId = claims.getClaim(SESSION_ID);
    Date expiry = claims.getExpirationTime();
    if (!ISSUER.equals(claims.getIssuer())
        || !Identifiers.isValid(claims.getSubject())
        || !(sessionId instanceof String)
        || expiry == null) {
      throw new InvalidToken("the token does not name a Duet session");
    }
    Instant expiresAt = expiry.toInstant();
    if (!expiresAt.isAfter(clock.instant())) {
      throw new InvalidToken("the token has expired");
    }
    return new Claims(claims.getSubject(), (String) sessionId, expiresAt);
  }
}
