package dev.duet.application.port;

import java.time.Instant;
import java.util.Optional;

/**
 * Port: makes and checks the signed session tokens handed to clients. A token names the user id and
 * the session id and expires after {@code SESSION_TTL}; only a token this server signed, unexpired,
 * is accepted.
 */
public interface SessionTokens {

  /** What a valid token says. */
  record Claims(String userId, String sessionId, Instant expiresAt) {}

  String issue(String userId, String sessionId, Instant expiresAt);

  /**
   * The claims of {@code token}.
   *
   * @throws InvalidToken if the token is malformed, not signed with this server's key, or expired
   */
  Claims verify(String token) throws InvalidToken;

  /**
   * A pseudonym of {@code text} under the key tokens are signed with (an HMAC, base64url): the same
   * on every instance of a deployment, and neither reversible nor guessable without the key, so
   * stored state can name a client's network without holding its address.
   */
  String pseudonym(String text);

  /**
   * A device token: a signed, long-lived token naming {@code deviceId}, which the page keeps and
   * presents on every connection, so a ban of the device holds whatever user id it uses. It is not
   * a session token, nor the other way round.
   */
  String issueDevice(String deviceId);

  /** The device id of a device token this server signed, or empty for anything else. */
  Optional<String> deviceOf(String deviceToken);
}
