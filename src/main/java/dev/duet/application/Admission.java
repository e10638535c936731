package dev.duet.application;

import dev.duet.application.port.BanIndex;
import dev.duet.application.port.InvalidToken;
import dev.duet.application.port.Metrics;
import dev.duet.application.port.SessionTokens;
import dev.duet.application.port.Sightings;
import dev.duet.domain.Ban;
import dev.duet.domain.ClientAddresses;
import dev.duet.domain.Identifiers;
import dev.duet.domain.Participant;
import dev.duet.domain.Visitor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Who may come in, and who is matched only among the shadow-banned.
 *
 * <p>Every connection is a {@link Visitor}: its device id (from the signed device token it
 * presented, or a new one it is handed), and keyed hashes ({@link SessionTokens#pseudonym}) of its
 * address's prefixes, so no address is kept. Before any session is opened or resumed, the bans held
 * to the visitor's subjects (its user id once known) are looked up in the {@link BanIndex}: a full
 * ban in force refuses it ({@link Banned}, close 4403). A shadow ban lets it in, and every random
 * match request asks again whether it applies, so a ban made while a user is connected counts from
 * its next request on every instance. A full ban found at a request expels the session ({@link
 * Expelled}). Each admitted session's visitor is recorded in {@link Sightings}, so moderators can
 * ban a user id's device or network.
 */
@ApplicationScoped
public class Admission {
  @Inject Clock clock;
  @Inject SessionTokens tokens;
  @Inject BanIndex index;
  @Inject Sightings sightings;
  @Inject Metrics metrics;
  @Inject Event<Expelled> expelled;

  /** A connection's visitor, and the device token to hand it (the one it presented, if valid). */
  public record Arrival(Visitor visitor, String deviceToken) {}

  /**
   * The visitor a connection from {@code address} presenting {@code deviceToken} (may be null) is.
   */
  public Arrival arrive(String address, String deviceToken) {
    Optional<String> device = deviceToken == null ? Optional.empty() : tokens.deviceOf(deviceToken);
    String deviceId = device.orElseGet(() -> Identifiers.random(16));
    String token = device.isPresent() ? deviceToken : tokens.issueDevice(deviceId);
    List<String> prefixes = ClientAddresses.banPrefixes(address);
    String network = prefixes.isEmpty() ? null : networkKey(prefixes.get(0));
    String wide = prefixes.size() < 2 ? null : networkKey(prefixes.get(1));
    return new Arrival(new Visitor(null, deviceId, network, wide), token);
  }

  /** The key a network ban of this prefix holds to: a pseudonym, never the prefix. */
  public String networkKey(String prefix) {
    return tokens.pseudonym("ban network " + prefix);
  }

  /**
   * Refuses a visitor a full ban keeps out, counting it by the ban's scope. The visitor's user id
   * is the one of {@code sessionToken} when that is valid (a resumption), else the one it proposed.
   *
   * @throws Banned with the ban that ends last
   */
  public void admit(Visitor visitor, String sessionToken) throws Banned {
    Visitor known = visitor;
    if (sessionToken != null) {
      try {
        known = visitor.as(tokens.verify(sessionToken).userId());
      } catch (InvalidToken e) {
        known = visitor.as(null);
      }
    }
    Instant now = clock.instant();
    Optional<Ban> ban = known.barredBy(index.find(known.subjects(), now), now);
    if (ban.isPresent()) {
      metrics.banEnforced(ban.get().scope());
      throw new Banned(ban.get());
    }
  }

  /** The participant's session is served from where {@code visitor} is: it is recorded. */
  public void seen(Participant participant, Visitor visitor) {
    Visitor seen = visitor.as(participant.userId());
    participant.seenAs(seen);
    sightings.seen(seen, clock.instant());
  }

  /**
   * Whether the participant is matched among the shadow-banned; a participant a full ban keeps out
   * is expelled, and its request goes no further ({@link Optional#empty}).
   */
  public Optional<Boolean> pool(Participant participant) {
    Visitor visitor = participant.visitor();
    if (visitor == null) {
      return Optional.of(false);
    }
    Instant now = clock.instant();
    List<Ban> bans = index.find(visitor.subjects(), now);
    Optional<Ban> barred = visitor.barredBy(bans, now);
    if (barred.isPresent()) {
      metrics.banEnforced(barred.get().scope());
      expelled.fire(new Expelled(participant.userId(), participant.sessionId(), barred.get()));
      return Optional.empty();
    }
    return Optional.of(visitor.shadowedBy(bans, now));
  }
}
