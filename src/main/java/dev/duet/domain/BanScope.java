package dev.duet.domain;

import java.util.Locale;

/**
 * What a {@link Ban} holds to: a user id, a device (the id in the device token the server issued to
 * a browser), or a network (an address prefix, kept only as a keyed hash).
 */
public enum BanScope {
  USER,
  DEVICE,
  NETWORK;

  private final String wireName = name().toLowerCase(Locale.ROOT);

  /** The scope as the admin API names it: {@code user}, {@code device} or {@code network}. */
  public String wireName() {
    return wireName;
  }

  /**
   * The scope of a wire name.
   *
   * @throws IllegalArgumentException for anything but {@code user}, {@code device}, {@code network}
   */
  public static BanScope of(String wireName) {
    for (BanScope scope : values()) {
      if (scope.wireName.equals(wireName)) {
        return scope;
      }
    }
    throw new IllegalArgumentException("scope is one of user, device, network");
  }
}
