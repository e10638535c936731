package dev.duet.application;

import dev.duet.domain.Ban;

/** A connection is kept out by a ban; it is closed with 4403 and the ban's reason. */
public final class Banned extends Exception {
  private final transient Ban ban;

  public Banned(Ban ban) {
    super(ban.closeReason(), null, false, false);
    this.ban = ban;
  }

  public Ban ban() {
    return ban;
  }
}
