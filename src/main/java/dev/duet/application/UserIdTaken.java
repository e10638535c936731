package dev.duet.application;

/** A connection asked for a user id that a live session already holds. */
public final class UserIdTaken extends Exception {
  public UserIdTaken(String userId) {
    super("user id " + userId + " is in use", null, false, false);
  }
}
