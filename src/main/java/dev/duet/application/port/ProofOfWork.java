package dev.duet.application.port;

import java.time.Duration;

/**
 * Port: the bot gate's proof-of-work challenges, in the ALTCHA scheme: the client finds the number
 * from 0 to {@code maxnumber} whose SHA-256 with the salt is the challenge; the server signed the
 * challenge (HMAC under a key of its own) and checks the answer without keeping anything. A
 * challenge names the session it was made for and when it expires, inside its signed salt, so a
 * solution is good for that session only.
 */
public interface ProofOfWork {

  /** A challenge as the client gets it (ALTCHA's JSON fields). */
  record Challenge(
      String algorithm, String challenge, String salt, String signature, long maxnumber) {}

  /**
   * A challenge for {@code sessionId} of about {@code maxNumber / 2} hashes' work, good for {@code
   * lifetime} (by the system clock, which the library checks it with).
   */
  Challenge issue(String sessionId, long maxNumber, Duration lifetime);

  /**
   * Whether {@code solution} (ALTCHA's base64 JSON payload: algorithm, challenge, number, salt,
   * signature) solves a challenge this server made for {@code sessionId}, unexpired.
   */
  boolean verify(String solution, String sessionId);
}
