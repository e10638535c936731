package dev.duet.application.port;

/**
 * Port: the key that signs session tokens when {@code JWT_SECRET} is not set. It is made at random
 * the first time it is asked for and kept, so tokens survive a restart.
 */
public interface SigningKeys {

  /** The 256-bit key for session tokens. */
  byte[] sessionTokenKey();
}
