package dev.duet.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Who a connection is, as far as bans go: its user id (null before one is made), the device id of
 * the device token it presented or was given, and the keys of its network: {@code network} for the
 * IPv4 /24 or IPv6 /64 of its address, {@code wideNetwork} for the IPv6 /48 (null for IPv4).
 * Network keys are keyed hashes of the prefixes ({@link ClientAddresses#banPrefixes}), never
 * addresses.
 *
 * <p>Rules: a ban applies to a visitor when its scope's subject is the visitor's (a network ban to
 * either network key). Of the bans that apply and are in force, any full ban bars the visitor (the
 * one that ends last is the one shown: a ban without end before any other; of two ending together,
 * the one with the greater id); otherwise any shadow ban shadows it.
 */
public record Visitor(String userId, String deviceId, String network, String wideNetwork) {

  /** This visitor once its user id is known. */
  public Visitor as(String knownUserId) {
    return new Visitor(knownUserId, deviceId, network, wideNetwork);
  }

  /** A scope and subject a ban may hold to. */
  public record Subject(BanScope scope, String value) {}

  /** The subjects a ban of this visitor would hold to. */
  public List<Subject> subjects() {
    List<Subject> subjects = new ArrayList<>(4);
    if (userId != null) {
      subjects.add(new Subject(BanScope.USER, userId));
    }
    if (deviceId != null) {
      subjects.add(new Subject(BanScope.DEVICE, deviceId));
    }
    if (network != null) {
      subjects.add(new Subject(BanScope.NETWORK, network));
    }
    if (wideNetwork != null) {
      subjects.add(new Subject(BanScope.NETWORK, wideNetwork));
    }
    return subjects;
  }

  /** Whether {@code ban} holds to one of this visitor's subjects. */
  public boolean isSubjectOf(Ban ban) {
    return subjects().contains(new Subject(ban.scope(), ban.subject()));
  }

  /** The full ban that keeps this visitor out at {@code now}, if any. */
  public Optional<Ban> barredBy(Collection<Ban> bans, Instant now) {
    return bans.stream()
        .filter(ban -> !ban.shadow() && ban.activeAt(now) && isSubjectOf(ban))
        .max(
            Comparator.comparing(
                    Ban::until, Comparator.nullsLast(Comparator.<Instant>naturalOrder()))
                .thenComparing(Ban::id));
  }

  /** Whether a shadow ban applies at {@code now} (and no full ban, which comes first). */
  public boolean shadowedBy(Collection<Ban> bans, Instant now) {
    return barredBy(bans, now).isEmpty()
        && bans.stream().anyMatch(ban -> ban.shadow() && ban.activeAt(now) && isSubjectOf(ban));
  }
}
