package dev.duet.infrastructure.security;

import dev.duet.application.port.ProofOfWork;
import dev.duet.application.port.SessionTokens;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.altcha.altcha.Altcha;
import org.json.JSONObject;

/**
 * ALTCHA's challenges (its Java library, SHA-256): the HMAC key is derived from the session-token
 * key ({@link SessionTokens#pseudonym}), so every instance of a deployment checks the others'
 * challenges; the session id and the expiry are parameters of the signed salt ({@code
 * ?expires=...&session=...}), so nothing is kept per challenge. The secret number is drawn with a
 * secure random generator.
 */
@ApplicationScoped
public class AltchaProofOfWork implements ProofOfWork {
  private static final String SESSION = "session";

  @Inject SessionTokens tokens;

  private volatile String key;

  /** Challenges under the key of these tokens, outside a container (tests). */
  public static AltchaProofOfWork of(SessionTokens tokens) {
    AltchaProofOfWork work = new AltchaProofOfWork();
    work.tokens = tokens;
    return work;
  }

  private String key() {
    String made = key;
    if (made == null) {
      made = tokens.pseudonym("altcha challenge key");
      key = made;
    }
    return made;
  }

  @Override
  public Challenge issue(String sessionId, long maxNumber, Duration lifetime) {
    Altcha.ChallengeOptions options =
        new Altcha.ChallengeOptions()
            .setAlgorithm(Altcha.Algorithm.SHA256)
            .setMaxNumber(maxNumber)
            .setSecureRandomNumber(true)
            .setHmacKey(key())
            .setExpiresInSeconds(lifetime.toSeconds())
            .addParam(SESSION, sessionId);
    try {
      Altcha.Challenge made = Altcha.createChallenge(options);
      return new Challenge(
          made.algorithm, made.challenge, made.salt, made.signature, made.maxnumber);
    } catch (Exception e) {
      throw new IllegalStateException("cannot make a challenge: " + e.getMessage(), e);
    }
  }

  @Override
  public boolean verify(String solution, String sessionId) {
    try {
      if (!Altcha.verifySolution(solution, key(), true)) {
        return false;
      }
      String json = new String(Base64.getDecoder().decode(solution), StandardCharsets.UTF_8);
      String salt = new JSONObject(json).getString("salt");
      Map<String, String> params = Altcha.extractParams(salt);
      return sessionId.equals(params.get(SESSION));
    } catch (Exception e) {
      return false;
    }
  }
}
