package dev.duet.interfaces.websocket;

import dev.duet.application.settings.Settings;
import dev.duet.domain.Participant;
import dev.duet.domain.TokenBucket;
import jakarta.websocket.Session;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.OptionalLong;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One open WebSocket and everything that belongs to it: the session it serves and that session's
 * {@link Mailbox}, the client's address, its outbox (one send at a time, bounded), the assembly of
 * its messages, its rate limits, when it was last heard from and its slice of the {@link
 * Heartbeat}. Its operations are the ones a connection has: reply, drop, answer the heartbeat,
 * drain, and end once, however many ways its end was noticed ({@link Endings}).
 */
final class Connection implements Caller {
  private static final ClientMessage.Limited SWALLOWED = new ClientMessage.Limited(null, false);

  private final Session session;
  private final Participant participant;
  private final long id;
  private final String address;
  private final long openedAt;
  private final int slice;
  private final Outbox outbox;
  private final Mailbox mailbox;
  private final FrameAssembler frames;
  private final RateLimits limits;
  private final Endings endings;
  private final AtomicBoolean ended = new AtomicBoolean();
  private volatile long lastHeard = System.nanoTime();
  private long received;
  private ClientMessage.Limited refusing;
  private boolean inBinary;
  private volatile int closedBy;

  Connection(
      Session session,
      Participant participant,
      long id,
      String address,
      long openedAt,
      int slice,
      Mailbox mailbox,
      RateLimits limits,
      Settings settings,
      Executor sends,
      Endings endings) {
    this.session = session;
    this.participant = participant;
    this.id = id;
    this.address = address;
    this.openedAt = openedAt;
    this.slice = slice;
    this.mailbox = mailbox;
    this.endings = endings;
    this.frames = new FrameAssembler(settings.connections().maxMessageBytes());
    this.limits = limits;
    this.outbox =
        new Outbox(
            session,
            settings.connections().sendQueueMessages(),
            settings.connections().sendQueueBytes(),
            sends,
            problem -> endings.sendFailed(this, problem));
  }

  @Override
  public Participant participant() {
    return participant;
  }

  /** The number of this connection among those that served its session. */
  long id() {
    return id;
  }

  @Override
  public String address() {
    return address;
  }

  long openedAt() {
    return openedAt;
  }

  int slice() {
    return slice;
  }

  Outbox outbox() {
    return outbox;
  }

  /** The mailbox of the session, which outlives this connection. */
  Mailbox mailbox() {
    return mailbox;
  }

  RateLimits limits() {
    return limits;
  }

  /** The close code the server closed this connection with, 0 if it did not. */
  int closedBy() {
    return closedBy;
  }

  @Override
  public long receivedAt() {
    return received;
  }

  /** Something arrived from the client, a pong at least. */
  void heard() {
    lastHeard = System.nanoTime();
  }

  /** A pong arrived: the client is there, and has read what was sent before its ping. */
  void ponged(ByteBuffer data) {
    heard();
    outbox.acknowledge(data);
  }

  /**
   * Takes the next part of a text message; returns the message once it is whole, else null. Its
   * first part takes the frame's token ({@link RateLimits#frame}): a frame refused there is not put
   * together or read, and comes back as {@link ClientMessage.Limited} with its last part (at once
   * when abusive). A message that grows over {@code MAX_MESSAGE_BYTES} while arriving closes the
   * connection (1009).
   */
  ClientMessage read(String part, boolean last) {
    heard();
    received = lastHeard;
    if (refusing == null && !frames.inProgress()) {
      refusing = refusal(part);
    }
    if (refusing != null) {
      return refused(last);
    }
    ClientMessage message = frames.read(part, last);
    if (frames.overflowed()) {
      drop(Closes.TOO_BIG, "message over " + frames.limit() + " bytes");
    }
    return message;
  }

  /**
   * Takes the next part of a binary message, which is no part of the protocol: returns {@code
   * binary} with its last part, or {@link ClientMessage.Limited} if its first part was refused.
   */
  ClientMessage readBinary(boolean last, ClientMessage binary) {
    heard();
    received = lastHeard;
    if (!inBinary && refusing == null) {
      refusing = refusal(null);
    }
    inBinary = !last;
    if (refusing != null) {
      return refused(last);
    }
    return last ? binary : null;
  }

  private ClientMessage.Limited refusal(String firstPart) {
    TokenBucket.Verdict verdict = limits.frame(received);
    if (verdict == TokenBucket.Verdict.ALLOWED) {
      return null;
    }
    String messageId = firstPart == null ? null : ClientMessageDecoder.peekMessageId(firstPart);
    return new ClientMessage.Limited(messageId, verdict == TokenBucket.Verdict.ABUSIVE);
  }

  /**
   * The refused frame's answer once its last part is in, or at once when abusive; the rest of an
   * abusive frame is swallowed.
   */
  private ClientMessage refused(boolean last) {
    ClientMessage.Limited refused = refusing;
    refusing = last ? null : refused.abusive() ? SWALLOWED : refused;
    if (refused == SWALLOWED) {
      return null;
    }
    return last || refused.abusive() ? refused : null;
  }

  @Override
  public void reply(String frame) {
    outbox.send(frame);
  }

  /**
   * Disconnects the client and ends the connection at once, without waiting for the container to
   * report the close: a client that reads nothing may never finish the closing handshake, and
   * Payara does not always report a connection that dropped.
   */
  @Override
  public void drop(int code, String reason) {
    closedBy = code;
    Closes.close(session, code, reason);
    end(code, reason);
  }

  /** Ends the connection once: {@link Endings#hand} decides what becomes of its session. */
  void end(int code, String reason) {
    if (ended.compareAndSet(false, true)) {
      endings.hand(this, code, reason);
    }
  }

  /**
   * Drops the client with 4408 if nothing (not even a pong) has arrived since {@code silentSince}
   * (when given), else pings it if {@code ping}.
   */
  void heartbeat(OptionalLong silentSince, boolean ping) {
    if (silentSince.isPresent() && lastHeard - silentSince.getAsLong() < 0) {
      drop(Closes.TIMEOUT, "no heartbeat");
      return;
    }
    if (!ping) {
      return;
    }
    try {
      outbox.ping();
    } catch (IOException | RuntimeException e) {
      drop(Closes.ABNORMAL, "ping failed");
    }
  }

  /** Whether everything queued for the client has been sent. */
  boolean flushed() {
    return outbox.idle();
  }

  /** Closes with 1001 for a server that stops; the session is kept for the next start. */
  void closeForShutdown() {
    drop(Closes.GOING_AWAY, "server shutting down");
  }
}
