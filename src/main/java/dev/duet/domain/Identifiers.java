package dev.duet.domain;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * User ids and room ids share one alphabet: 1 to 64 characters of {@code [A-Za-z0-9_-]}, safe in
 * URLs, logs and keys. Ids made by the server are 128 random bits in URL-safe Base64.
 */
public final class Identifiers {
  private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder BASE64 = Base64.getUrlEncoder().withoutPadding();

  private Identifiers() {}

  public static boolean isValid(String id) {
    return id != null && VALID.matcher(id).matches();
  }

  /** Returns the room id if it is valid, else throws {@link ErrorCode#INVALID_ROOM}. */
  public static String requireRoomId(String room) {
    if (!isValid(room)) {
      throw new RuleViolation(
          ErrorCode.INVALID_ROOM, "A room id is 1 to 64 characters of letters, digits, _ and -.");
    }
    return room;
  }

  /** An unguessable id: {@code bytes} random bytes, URL-safe Base64 without padding. */
  public static String random(int bytes) {
    byte[] value = new byte[bytes];
    RANDOM.nextBytes(value);
    return BASE64.encodeToString(value);
  }
}
