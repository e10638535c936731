package dev.duet.interfaces.websocket;

import dev.duet.application.Admission;
import dev.duet.application.Banned;
import dev.duet.application.BotGate;
import dev.duet.application.ConnectionGate;
import dev.duet.application.IceServers;
import dev.duet.application.MatchService;
import dev.duet.application.RateLimiter;
import dev.duet.application.RoomService;
import dev.duet.application.SessionService;
import dev.duet.application.UserIdTaken;
import dev.duet.application.port.InvalidToken;
import dev.duet.application.port.Metrics;
import dev.duet.application.settings.Settings;
import dev.duet.domain.ClientAddresses;
import dev.duet.domain.Identifiers;
import dev.duet.domain.Participant;
import dev.duet.domain.Visitor;
import dev.duet.interfaces.http.HandshakeFilter;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.Session;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Admission and the start of a connection's session. The {@link ConnectionGate} must have room for
 * the client's address (else close 4429); no full ban may hold to the connection's user id (the
 * token's, or the proposed one), device (the {@code device} token of the query, or a new one handed
 * over in the {@code session} frame) or network ({@link Admission}; else close 4403 with the ban's
 * reason, before any session is made); then the query decides the session: {@code token} resumes
 * the session of that token (close 4401 if it is not valid), {@code userId} proposes the user id
 * (close 4400 if invalid, 4409 if in use; with a token it must be the token's), {@code room} joins
 * that room at once. The {@code session} frame comes first, then what was kept for the session,
 * then {@code session_state} if it moved here from another instance. A connection serving the
 * session before is closed with 4409 "session moved".
 */
@ApplicationScoped
public class Opening {
  static final String CLIENT_ADDRESS = "duet.clientAddress";

  private static final Logger LOG = Logger.getLogger(Opening.class.getName());

  @Inject SessionService sessions;
  @Inject RoomService rooms;
  @Inject MatchService matches;
  @Inject WebSocketPeerNotifier notifier;
  @Inject ServerFrames frames;
  @Inject Settings settings;
  @Inject IceServers iceServers;
  @Inject ConnectionGate gate;
  @Inject RateLimiter limiter;
  @Inject Metrics metrics;
  @Inject Connections connections;
  @Inject Endings endings;
  @Inject Dispatcher dispatcher;
  @Inject Admission admission;
  @Inject BotGate botGate;

  @Resource(lookup = "java:app/duet/scheduler")
  ManagedScheduledExecutorService scheduler;

  @Resource(lookup = "java:app/duet/sends")
  ManagedExecutorService sends;

  /**
   * Copies the client address that {@link HandshakeFilter} resolved into the new session's user
   * properties (a per-connection copy since WebSocket 2.1). Without one the filter never checked
   * this handshake (a container may upgrade a request the filter did not see as one), and {@link
   * #open} closes the connection with 1008 before anything is created.
   */
  public static class Handshake extends ServerEndpointConfig.Configurator {
    @Override
    public void modifyHandshake(
        ServerEndpointConfig config, HandshakeRequest request, HandshakeResponse response) {
      String address = HandshakeFilter.clientAddress();
      if (address == null) {
        config.getUserProperties().remove(CLIENT_ADDRESS);
      } else {
        config.getUserProperties().put(CLIENT_ADDRESS, address);
      }
    }
  }

  /**
   * Opens the connection, or closes it and returns null; {@code opened} holds the connection from
   * the moment it exists, for a close the container reports while it is still opening. The
   * container's idle timeout is switched off: dead connections are Duet's own {@link Heartbeat}'s
   * business.
   */
  Connection open(Session session, AtomicReference<Connection> opened) {
    session.setMaxIdleTimeout(0);
    session.setMaxTextMessageBufferSize(settings.connections().maxMessageBytes());
    if (!(session.getUserProperties().get(CLIENT_ADDRESS) instanceof String address)) {
      LOG.warning("event=handshake_refused reason=\"not checked\" (upgraded without the filter)");
      Closes.close(session, Closes.UNCHECKED, "handshake not checked");
      metrics.connectionClosed(Closes.UNCHECKED);
      return null;
    }
    Optional<ConnectionGate.Refusal> refusal = gate.enter(address);
    if (refusal.isPresent()) {
      Closes.close(session, Closes.LIMITED, refusal.get().reason());
      metrics.connectionClosed(Closes.LIMITED);
      return null;
    }
    long openedAt = System.nanoTime();
    Admission.Arrival arrival = admission.arrive(address, parameter(session, "device"));
    SessionService.Opened started = start(session, address, openedAt, arrival.visitor());
    if (started == null) {
      return null;
    }
    Participant participant = started.participant();
    admission.seen(participant, arrival.visitor());
    ServerMessage.ChallengePayload challenge =
        botGate
            .challengeFor(participant, arrival.visitor())
            .map(
                c ->
                    new ServerMessage.ChallengePayload(
                        c.algorithm(), c.challenge(), c.salt(), c.signature(), c.maxnumber()))
            .orElse(null);
    LOG.logp(
        Level.INFO,
        Opening.class.getName(),
        "open",
        () ->
            String.format(
                "event=open user=%s session=%s resumed=%b ip=%s",
                participant.userId(),
                participant.sessionId(),
                started.resumed(),
                ClientAddresses.anonymize(address)));
    String userId = participant.userId();
    Mailbox mailbox = notifier.mailboxFor(userId, participant.sessionId());
    Connection connection =
        new Connection(
            session,
            participant,
            started.connection(),
            address,
            openedAt,
            connections.nextSlice(),
            mailbox,
            new RateLimits(limiter, participant.sessionId(), address),
            settings,
            sends,
            endings);
    opened.set(connection);
    connections.add(connection);
    List<ServerMessage.IceServer> ice = ServerFrames.ice(iceServers.forUser(userId));
    Outbox previous =
        mailbox.resume(
            connection.outbox(),
            dropped ->
                frames.session(
                    userId,
                    new ServerMessage.SessionPayload(
                        userId,
                        started.token(),
                        started.resumed(),
                        dropped,
                        ice,
                        iceServers.transportPolicy(),
                        settings.connections().heartbeatInterval().toSeconds(),
                        settings.matching().termsVersion().orElse(null),
                        arrival.deviceToken(),
                        challenge,
                        iceServers.audioMaxBitrate())));
    if (previous != null) {
      notifier.closeMoved(previous);
    }
    if (started.moved()) {
      connection.reply(
          frames.sessionState(
              userId, matches.matchOf(userId).orElse(null), rooms.roomsOf(participant)));
    }
    String room = parameter(session, "room");
    if (room != null) {
      dispatcher.dispatch(new ClientMessage.JoinRoom(room, null, null), connection);
    }
    return connection;
  }

  private SessionService.Opened start(
      Session session, String address, long openedAt, Visitor visitor) {
    String token = parameter(session, "token");
    String proposed = parameter(session, "userId");
    try {
      admission.admit(visitor.as(Identifiers.isValid(proposed) ? proposed : null), token);
      return token == null ? sessions.open(proposed) : sessions.resume(token, proposed);
    } catch (Banned e) {
      String reason = e.ban().closeReason();
      refuse(
          session,
          address,
          openedAt,
          Closes.BANNED,
          "banned " + e.ban().scope().wireName(),
          reason);
    } catch (InvalidToken e) {
      String phrase = "invalid token: " + e.getMessage();
      refuse(session, address, openedAt, Closes.BAD_TOKEN, "invalid token", phrase);
    } catch (IllegalArgumentException e) {
      refuse(session, address, openedAt, Closes.BAD_USER_ID, e.getMessage(), e.getMessage());
    } catch (UserIdTaken e) {
      refuse(session, address, openedAt, Closes.USER_ID_TAKEN, "user id in use", "user id in use");
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Could not open a session: {0}", e.toString());
      String phrase = "unavailable, try again: " + e.getMessage();
      refuse(session, address, openedAt, Closes.TOO_SLOW, "unavailable", phrase);
    }
    return null;
  }

  /**
   * Logs the refusal as {@code reason} and closes with {@code code} and {@code phrase}, once the
   * container has finished opening the connection: a close from inside the opening leaves Payara
   * Micro's Grizzly a read callback of the upgrade request after it has recycled that request, and
   * the next request it serves on that object fails ({@code Unexpected DataChunk type}; a handshake
   * refused, or a 500).
   */
  private void refuse(
      Session session, String address, long openedAt, int code, String reason, String phrase) {
    endings.refused(address, openedAt, code, reason);
    try {
      scheduler.execute(() -> Closes.close(session, code, phrase));
    } catch (RuntimeException e) {
      Closes.close(session, code, phrase);
    }
  }

  private static String parameter(Session session, String name) {
    List<String> values = session.getRequestParameterMap().get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }
}
