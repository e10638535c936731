package dev.duet.domain;

import java.util.Locale;

/** The reasons a request is refused; each is sent to the client as its lower-case wire name. */
public enum ErrorCode {
  BAD_JSON,
  BAD_MESSAGE,
  UNKNOWN_TYPE,
  TOO_LARGE,
  NOT_IN_ROOM,
  ROOM_FULL,
  WRONG_PASSCODE,
  INVALID_ROOM,
  NOT_YOUR_PEER,
  TOO_MANY_ROOMS,
  RATE_LIMITED,
  TERMS_REQUIRED,
  CHALLENGE_REQUIRED,
  CHALLENGE_FAILED,
  UNAVAILABLE;

  private final String wireName = name().toLowerCase(Locale.ROOT);

  /** The code as it appears in {@code error} frames, e.g. {@code room_full}. */
  public String wireName() {
    return wireName;
  }
}
