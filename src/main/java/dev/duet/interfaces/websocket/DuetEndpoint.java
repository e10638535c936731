package dev.duet.interfaces.websocket;

import dev.duet.application.ConnectionGate;
import dev.duet.application.IceServers;
import dev.duet.application.InvalidToken;
import dev.duet.application.MatchService;
import dev.duet.application.Metrics;
import dev.duet.application.RoomService;
import dev.duet.application.SessionService;
import dev.duet.application.Settings;
import dev.duet.application.SignalingService;
import dev.duet.application.UserIdTaken;
import dev.duet.domain.ClientAddresses;
import dev.duet.domain.ErrorCode;
import dev.duet.domain.Participant;
import dev.duet.domain.RuleViolation;
import dev.duet.domain.TokenBucket;
import dev.duet.interfaces.http.HandshakeFilter;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.inject.Inject;
import jakarta.websocket.CloseReason;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpoint;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code /ws}: one instance per connection, holding only that connection's participant, outbox and
 * any unfinished message. It reads frames with {@link ClientMessageDecoder}, hands them to the
 * application services, and answers the sender's own requests and errors with {@link
 * ServerMessageEncoder}. A frame that breaks a rule is answered with an error and the connection
 * stays open.
 *
 * <p>Messages arrive in parts so that their size is bounded here, on every server: Undertow does
 * not apply {@code setMaxTextMessageBufferSize} to whole-message handlers. A message over {@code
 * MAX_MESSAGE_BYTES} is answered with {@code too_large} when it arrived whole, and closes the
 * connection with 1009 when it is still arriving, so no more than the limit is ever buffered.
 *
 * <p>Query parameters: {@code token} resumes the session of that token (close 4401 if the token is
 * not valid); {@code userId} proposes the user id (close 4400 if invalid, 4409 if in use; with a
 * token it must be the token's); {@code room} joins that room at once.
 *
 * <p>How a connection ends decides what happens to its session: a clean close (1000 or 1001 from
 * the client, or a {@code leave} message) ends it at once, and so do the server's closes for abuse
 * (4429, 1009); any other end (a dropped network, 4408 for silence, 1013 for a client too slow)
 * lets the session wait {@code RESUME_GRACE} for the client to come back; while the server shuts
 * down, sessions are kept as they are for the next start.
 */
@ServerEndpoint(value = "/ws", configurator = DuetEndpoint.Handshake.class)
public class DuetEndpoint {
  /** The proposed user id is not a valid id. */
  static final int CLOSE_BAD_USER_ID = 4400;

  /**
   * The proposed user id is held by a live session, or (with reason "session moved") a newer
   * connection has taken this one's session over.
   */
  static final int CLOSE_USER_ID_TAKEN = 4409;

  /** The session token is forged, expired or names another user id. */
  static final int CLOSE_BAD_TOKEN = 4401;

  /** Nothing arrived from the client for {@code CONNECTION_TIMEOUT}. */
  static final int CLOSE_TIMEOUT = 4408;

  /** The client could not be sent to: too slow (send queue full) or the connection broke. */
  static final int CLOSE_TOO_SLOW = CloseReason.CloseCodes.TRY_AGAIN_LATER.getCode();

  /**
   * Too many connections from the client's address (when two handshakes passed the check at once),
   * or messages far over the rate limit for long.
   */
  static final int CLOSE_LIMITED = 4429;

  private static final String CLIENT_ADDRESS = "duet.clientAddress";

  private static final long SEND_FAILURE_WAIT_MILLIS = 1_000;

  private static final Logger LOG = Logger.getLogger(DuetEndpoint.class.getName());

  @Inject SessionService sessions;
  @Inject RoomService rooms;
  @Inject SignalingService signaling;
  @Inject MatchService matches;
  @Inject WebSocketPeerNotifier notifier;
  @Inject Settings settings;
  @Inject Heartbeat heartbeat;
  @Inject IceServers iceServers;
  @Inject ConnectionGate gate;
  @Inject Metrics metrics;

  @Resource(lookup = "java:app/duet/scheduler")
  ManagedScheduledExecutorService executor;

  private Session session;
  private Participant participant;
  private Outbox outbox;
  private StringBuilder partial;
  private volatile long lastHeard;
  private long received;
  private int heartbeatSlice;
  private String address;
  private final AtomicBoolean left = new AtomicBoolean();
  private volatile int closing;
  private long connection;
  private long openedAt;
  private TokenBucket messages;
  private TokenBucket matchRequests;
  private TokenBucket chats;

  /**
   * Copies the client address that {@link HandshakeFilter} resolved into the new session's user
   * properties (a per-connection copy since WebSocket 2.1).
   */
  public static class Handshake extends ServerEndpointConfig.Configurator {
    @Override
    public void modifyHandshake(
        ServerEndpointConfig config, HandshakeRequest request, HandshakeResponse response) {
      String address = HandshakeFilter.clientAddress();
      config.getUserProperties().put(CLIENT_ADDRESS, address == null ? "unknown" : address);
    }
  }

  /**
   * Opens the session, if the {@link ConnectionGate} has room for its address (else close 4429).
   * The container's idle timeout is switched off: dead connections are Duet's own heartbeat's
   * business.
   */
  @OnOpen
  public void open(Session session) throws IOException {
    this.session = session;
    session.setMaxIdleTimeout(0);
    session.setMaxTextMessageBufferSize(settings.maxMessageBytes());
    Object resolved = session.getUserProperties().get(CLIENT_ADDRESS);
    String from = resolved instanceof String known ? known : "unknown";
    Optional<ConnectionGate.Refusal> refusal = gate.enter(from);
    if (refusal.isPresent()) {
      close(session, CLOSE_LIMITED, refusal.get().reason());
      metrics.connectionClosed(CLOSE_LIMITED);
      return;
    }
    address = from;
    openedAt = System.nanoTime();
    messages = settings.messageLimit().bucket();
    matchRequests = settings.matchLimit().bucket();
    chats = settings.chatLimit().bucket();
    SessionService.Opened opened;
    String token = parameter(session, "token");
    try {
      opened =
          token == null
              ? sessions.open(parameter(session, "userId"))
              : sessions.resume(token, parameter(session, "userId"));
    } catch (InvalidToken e) {
      ended(CLOSE_BAD_TOKEN, "invalid token", "none");
      close(session, CLOSE_BAD_TOKEN, "invalid token: " + e.getMessage());
      return;
    } catch (IllegalArgumentException e) {
      ended(CLOSE_BAD_USER_ID, e.getMessage(), "none");
      close(session, CLOSE_BAD_USER_ID, e.getMessage());
      return;
    } catch (UserIdTaken e) {
      ended(CLOSE_USER_ID_TAKEN, "user id in use", "none");
      close(session, CLOSE_USER_ID_TAKEN, "user id in use");
      return;
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Could not open a session: {0}", e.toString());
      ended(CLOSE_TOO_SLOW, "unavailable", "none");
      close(session, CLOSE_TOO_SLOW, "unavailable, try again: " + e.getMessage());
      return;
    }
    participant = opened.participant();
    connection = opened.connection();
    LOG.info(
        () ->
            String.format(
                "event=open user=%s session=%s resumed=%b ip=%s",
                participant.userId(),
                participant.sessionId(),
                opened.resumed(),
                ClientAddresses.anonymize(address)));
    outbox = new Outbox(session, settings.sendQueueMessages(), this::sendingFailed);
    lastHeard = System.nanoTime();
    heartbeatSlice = heartbeat.register(this);
    String userId = participant.userId();
    List<ServerMessage.IceServer> ice =
        iceServers.forUser(userId).stream()
            .map(
                server ->
                    new ServerMessage.IceServer(
                        server.urls(), server.username(), server.credential()))
            .toList();
    Outbox previous =
        notifier.connect(
            userId,
            participant.sessionId(),
            outbox,
            dropped ->
                ServerMessageEncoder.write(
                    new ServerMessage.Session(
                        ServerMessage.SYSTEM,
                        userId,
                        new ServerMessage.SessionPayload(
                            userId,
                            opened.token(),
                            opened.resumed(),
                            dropped,
                            ice,
                            iceServers.transportPolicy(),
                            settings.heartbeatInterval().toSeconds()),
                        notifier.now())));
    if (previous != null) {
      try {
        close(previous.session(), CLOSE_USER_ID_TAKEN, "session moved");
      } catch (IOException | RuntimeException e) {
        LOG.log(Level.FINE, "Closing a connection taken over failed", e);
      }
    }
    if (opened.moved()) {
      reply(
          new ServerMessage.SessionState(
              ServerMessage.SYSTEM,
              userId,
              new ServerMessage.StatePayload(
                  matches
                      .matchOf(userId)
                      .map(
                          match ->
                              new ServerMessage.RolePayload(
                                  match.polite().equals(userId) ? "polite" : "impolite",
                                  match.partnerOf(userId),
                                  null,
                                  match.id(),
                                  match.commonInterests()))
                      .orElse(null),
                  rooms.roomsOf(participant)),
              notifier.now()));
    }
    String room = parameter(session, "room");
    if (room != null) {
      handle(new ClientMessage.JoinRoom(room, null));
    }
  }

  @OnMessage
  public void text(String part, boolean last) throws IOException {
    if (participant == null) {
      return;
    }
    lastHeard = System.nanoTime();
    received = lastHeard;
    int limit = settings.maxMessageBytes();
    if (partial == null && last) {
      if (Utf8.exceeds(part, limit)) {
        reject(tooLarge(limit), null);
        return;
      }
      handle(ClientMessageDecoder.read(part));
      return;
    }
    if (partial == null) {
      partial = new StringBuilder();
    }
    partial.append(part);
    if (Utf8.exceeds(partial, limit)) {
      partial = null;
      closing = CloseReason.CloseCodes.TOO_BIG.getCode();
      close(session, closing, "message over " + limit + " bytes");
      return;
    }
    if (last) {
      String message = partial.toString();
      partial = null;
      handle(ClientMessageDecoder.read(message));
    }
  }

  private void handle(ClientMessage message) {
    long now = System.nanoTime();
    TokenBucket.Verdict verdict = messages.take(now);
    TokenBucket specific =
        message instanceof ClientMessage.ChatMessage
            ? chats
            : message instanceof ClientMessage.RequestRandomPeer
                    || message instanceof ClientMessage.UserAvailable
                ? matchRequests
                : null;
    if (verdict == TokenBucket.Verdict.ALLOWED && specific != null && !specific.tryTake(now)) {
      verdict = TokenBucket.Verdict.LIMITED;
    }
    if (verdict == TokenBucket.Verdict.ABUSIVE) {
      metrics.rateLimited(true);
      drop(CLOSE_LIMITED, "rate limit exceeded for too long");
      return;
    }
    if (verdict == TokenBucket.Verdict.LIMITED) {
      metrics.rateLimited(false);
      reject(
          new RuleViolation(ErrorCode.RATE_LIMITED, "Too many messages: this one was dropped."),
          message.messageId());
      return;
    }
    try {
      dispatch(message);
    } catch (RuleViolation violation) {
      reject(violation, message.messageId());
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Could not handle a message: " + e, e);
      reject(
          new RuleViolation(
              ErrorCode.UNAVAILABLE, "The server could not do this now; try again in a moment."),
          message.messageId());
    }
  }

  private void reject(RuleViolation violation, String messageId) {
    metrics.refused(violation.code());
    reply(
        new ServerMessage.Error(
            ServerMessage.SYSTEM,
            participant.userId(),
            new ServerMessage.ErrorPayload(violation.code().wireName(), violation.getMessage()),
            messageId,
            notifier.now()));
  }

  private static RuleViolation tooLarge(int limit) {
    return new RuleViolation(ErrorCode.TOO_LARGE, "A message has at most " + limit + " bytes.");
  }

  @OnMessage
  public void binary(ByteBuffer part, boolean last) {
    lastHeard = System.nanoTime();
    if (!last) {
      return;
    }
    handle(
        new ClientMessage.Invalid(
            true,
            ErrorCode.BAD_MESSAGE,
            "Invalid message structure",
            "binary frames are not part of the protocol; send JSON text"));
  }

  private void dispatch(ClientMessage message) {
    String userId = participant.userId();
    if (message instanceof ClientMessage.Relay signal) {
      signaling.relay(
          participant, signal.toUser(), signal.type(), signal.payload(), signal.messageId());
      metrics.relayed(SignalReader.wireName(signal.type()), System.nanoTime() - received);
    } else if (message instanceof ClientMessage.JoinRoom join) {
      rooms.join(participant, join.room());
    } else if (message instanceof ClientMessage.LeaveRoom leave) {
      rooms.leave(participant, leave.room());
    } else if (message instanceof ClientMessage.ChatMessage chat) {
      chat(chat);
      metrics.relayed("chat_message", System.nanoTime() - received);
    } else if (message instanceof ClientMessage.GetRooms get) {
      reply(
          new ServerMessage.RoomsList(
              ServerMessage.SYSTEM,
              userId,
              new ServerMessage.RoomsPayload(rooms.roomsOf(participant)),
              get.messageId(),
              notifier.now()));
    } else if (message instanceof ClientMessage.RequestRandomPeer request) {
      ClientMessage.RandomPeerPayload payload = request.payload();
      matches.request(
          participant,
          payload == null ? null : payload.interests(),
          payload == null ? null : payload.currentPeerId());
    } else if (message instanceof ClientMessage.UserAvailable) {
      matches.request(participant, null, null);
    } else if (message instanceof ClientMessage.UserUnavailable) {
      matches.cancel(participant);
    } else if (message instanceof ClientMessage.BlockPeer block) {
      String peerId = block.payload() == null ? null : block.payload().peerId();
      matches.block(participant, peerId);
      acknowledge("block_peer", peerId, block.messageId());
    } else if (message instanceof ClientMessage.ReportPeer report) {
      ClientMessage.ReportPayload payload = report.payload();
      if (payload == null) {
        throw new RuleViolation(
            ErrorCode.BAD_MESSAGE, "report_peer needs peerId, matchId, reason.");
      }
      matches.report(participant, payload.peerId(), payload.matchId(), payload.reason());
      acknowledge("report_peer", payload.peerId(), report.messageId());
    } else if (message instanceof ClientMessage.Leave) {
      drop(CloseReason.CloseCodes.NORMAL_CLOSURE.getCode(), "left");
    } else if (message instanceof ClientMessage.Ping ping) {
      reply(new ServerMessage.Pong(ServerMessage.SYSTEM, userId, ping.messageId(), notifier.now()));
    } else if (message instanceof ClientMessage.Invalid invalid) {
      if (!invalid.malformed()) {
        throw new RuleViolation(invalid.code(), invalid.error());
      }
      metrics.refused(invalid.code());
      reply(
          new ServerMessage.ErrorResponse(
              ServerMessage.SYSTEM,
              userId,
              new ServerMessage.ErrorResponsePayload(
                  invalid.code().wireName(), invalid.error(), invalid.details()),
              null,
              notifier.now()));
    }
  }

  private void acknowledge(String of, String peerId, String messageId) {
    reply(
        new ServerMessage.Ack(
            ServerMessage.SYSTEM,
            participant.userId(),
            new ServerMessage.AckPayload(of, peerId),
            messageId,
            notifier.now()));
  }

  private void chat(ClientMessage.ChatMessage chat) {
    String content = chat.payload() == null ? null : chat.payload().content();
    if ((chat.room() == null) == (chat.toUser() == null)) {
      throw new RuleViolation(
          ErrorCode.BAD_MESSAGE, "A chat message names either a room or a toUser, not both.");
    }
    if (chat.room() != null) {
      rooms.chat(participant, chat.room(), content, chat.messageId());
    } else {
      signaling.chat(participant, chat.toUser(), content, chat.messageId());
    }
  }

  /**
   * Cleans up after the connection at once, so its user id is free again, except when the container
   * reports the close from inside a send (Tyrus does, for a dead connection): that send is part of
   * a service's locked change, whose notifications must all go out before the clean-up's, so the
   * clean-up then runs on Duet's executor.
   */
  @OnClose
  public void closed(Session session, CloseReason reason) {
    int code = reason.getCloseCode().getCode();
    String phrase = reason.getReasonPhrase();
    if (!Outbox.inSend()) {
      leave(code, phrase);
      return;
    }
    try {
      executor.execute(() -> leave(code, phrase));
    } catch (RuntimeException shuttingDown) {
      leave(code, phrase);
    }
  }

  /**
   * Disconnects a client that cannot be served: its outbox overflowed, a send failed, or the
   * heartbeat heard nothing from it for {@code CONNECTION_TIMEOUT}. It does not wait for the
   * container to report the close: a client that reads nothing may never finish the closing
   * handshake, and Payara does not always report a connection that dropped.
   */
  void drop(int code, String reason) {
    closing = code;
    try {
      close(session, code, reason);
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.FINE, "Closing a dropped client failed", e);
    }
    leave(code, reason);
  }

  /**
   * The outbox closed. A client too slow to read is dropped at once. A failed send means the
   * connection broke or the client is closing it: the container's report of the close, with the
   * client's own close code, decides what becomes of the session, and only if none comes within
   * {@value #SEND_FAILURE_WAIT_MILLIS} ms is the client dropped as gone.
   */
  private void sendingFailed(String problem) {
    if (problem.equals(Outbox.TOO_SLOW)) {
      executor.execute(() -> drop(CLOSE_TOO_SLOW, problem));
    } else {
      executor.schedule(
          () -> drop(CLOSE_TOO_SLOW, problem), SEND_FAILURE_WAIT_MILLIS, TimeUnit.MILLISECONDS);
    }
  }

  /**
   * Called by the {@link Heartbeat}: drops the client with 4408 if nothing (not even a pong) has
   * arrived since {@code silentSince}, else pings it if it is its turn.
   */
  void heartbeat(long silentSince, boolean ping) {
    if (lastHeard - silentSince < 0) {
      drop(CLOSE_TIMEOUT, "no heartbeat");
      return;
    }
    if (!ping) {
      return;
    }
    try {
      session.getAsyncRemote().sendPing(ByteBuffer.allocate(0));
    } catch (IOException | RuntimeException e) {
      drop(CloseReason.CloseCodes.CLOSED_ABNORMALLY.getCode(), "ping failed");
    }
  }

  @OnMessage
  public void pong(PongMessage pong) {
    lastHeard = System.nanoTime();
  }

  /**
   * Hands the session on once, however many ways the end of the connection was noticed: to be kept
   * for the next start while the server shuts down, ended after a clean close, or left waiting for
   * its client to reconnect. A connection whose session was taken over changes nothing.
   */
  private void leave(int code, String reason) {
    if (participant == null || !left.compareAndSet(false, true)) {
      return;
    }
    heartbeat.unregister(this, heartbeatSlice);
    String outcome;
    if (!participant.isServedBy(connection)) {
      outcome = "moved";
    } else if (Shutdown.stopping(gate)) {
      sessions.suspend(participant);
      outcome = "kept";
    } else if (isCleanEnd(code)) {
      sessions.close(participant, "disconnected");
      outcome = "ended";
    } else {
      notifier.connectionLost(participant.userId(), outbox);
      sessions.disconnect(participant, connection);
      outcome = participant.isClosed() ? "ended" : "reconnecting";
    }
    ended(code, reason, outcome);
  }

  private boolean isCleanEnd(int code) {
    int by = closing;
    if (by == 0) {
      return code == CloseReason.CloseCodes.NORMAL_CLOSURE.getCode()
          || code == CloseReason.CloseCodes.GOING_AWAY.getCode();
    }
    return by == CloseReason.CloseCodes.NORMAL_CLOSURE.getCode()
        || by == CLOSE_LIMITED
        || by == CloseReason.CloseCodes.TOO_BIG.getCode();
  }

  /**
   * Gives back the connection's place in the gate and logs the end, and what became of the session:
   * {@code ended}, {@code reconnecting} (waiting for its client), {@code kept} (for the next start)
   * or {@code moved} (to a newer connection).
   */
  private void ended(int code, String reason, String outcome) {
    gate.leave(address);
    metrics.connectionClosed(code);
    LOG.info(
        () ->
            String.format(
                "event=close user=%s code=%d reason=\"%s\" seconds=%d session=%s",
                participant == null ? "-" : participant.userId(),
                code,
                reason == null ? "" : reason.replace('"', '\''),
                (System.nanoTime() - openedAt) / 1_000_000_000L,
                outcome));
  }

  /** Tells the client the server is going away; {@link #closeForShutdown} follows. */
  void announceShutdown() {
    if (outbox != null) {
      outbox.send(
          ServerMessageEncoder.write(
              new ServerMessage.ServerDraining(
                  ServerMessage.SYSTEM, participant.userId(), notifier.now())));
    }
  }

  /** Whether everything queued for the client has been sent. */
  boolean flushed() {
    return outbox == null || outbox.idle();
  }

  void closeForShutdown() {
    closing = CloseReason.CloseCodes.GOING_AWAY.getCode();
    try {
      close(session, CloseReason.CloseCodes.GOING_AWAY.getCode(), "server shutting down");
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.FINE, "Closing for shutdown failed", e);
    }
    leave(CloseReason.CloseCodes.GOING_AWAY.getCode(), "server shutting down");
  }

  @OnError
  public void failed(Session session, Throwable error) {
    LOG.log(Level.FINE, "WebSocket error", error);
  }

  private void reply(ServerMessage message) {
    outbox.send(ServerMessageEncoder.write(message));
  }

  private static String parameter(Session session, String name) {
    List<String> values = session.getRequestParameterMap().get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  static void close(Session session, int code, String reason) throws IOException {
    session.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(code), reason));
  }
}
