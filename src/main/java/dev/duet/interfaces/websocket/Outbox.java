package dev.duet.interfaces.websocket;

import dev.duet.application.HeldLock;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The frames waiting to go to one connection. One asynchronous send is in flight at a time; the
 * others wait in order in a queue bounded in frames. What the client has not been proven to read is
 * bounded in size (counted in characters: what the heap holds, a byte each for the ASCII of most
 * frames): the frames waiting here and those handed to the container since the last {@linkplain
 * #acknowledge acknowledged} ping. The container's own write queue may take frames faster than the
 * client reads them (Payara Micro's does, without limit), so a send that completes proves nothing;
 * a pong does, for everything sent before its ping, because a client reads in order. A ping with a
 * random mark goes out after every quarter of the bound, and with each heartbeat. A client that
 * lets more than either bound pile up is too slow to follow a call (or answers no pings, which RFC
 * 6455 requires) and is disconnected with close code 1013, so it never holds up the threads that
 * serve everybody else, nor more memory than the bound, in Duet or in the container.
 *
 * <p>A frame queued by a thread that holds one of Duet's locks ({@link HeldLock#held}) is written
 * by the outbox's executor, not by that thread: a container's write to a broken connection may wait
 * for that connection's reader, which may be waiting for the lock. It waits in the queue meanwhile,
 * so later frames follow it and a {@link #takeOver} finds it.
 */
final class Outbox implements SendHandler {
  private static final Logger LOG = Logger.getLogger(Outbox.class.getName());

  private static final ThreadLocal<Boolean> IN_SEND = new ThreadLocal<>();

  private static final SecureRandom MARKS = new SecureRandom();

  private static final int MAX_MARKS = 64;

  private final Session session;
  private final int limit;
  private final long maxChars;
  private final long markEvery;

  /** Why an outbox closed: more frames waited than its bound. */
  static final String TOO_SLOW = "too slow: send queue full";

  /** Why an outbox closed: the container could not send (the connection broke or is closing). */
  static final String SEND_FAILED = "send failed";

  private final Consumer<String> onFailure;
  private final Executor executor;
  private final ArrayDeque<String> queue = new ArrayDeque<>();
  private long queuedChars;
  private boolean sending;
  private boolean closed;
  private long generation;
  private Thread transmitting;
  private boolean completedInline;
  private String inFlight;
  private Runnable afterFlight;
  private List<String> stranded = List.of();
  private long handed;
  private long proven;
  private long markedAt;
  private final ArrayDeque<long[]> marks = new ArrayDeque<>();

  Outbox(Session session, int limit, long maxChars, Executor executor, Consumer<String> onFailure) {
    this.session = session;
    this.executor = executor;
    this.limit = limit;
    this.maxChars = maxChars;
    this.markEvery = Math.max(1, maxChars / 4);
    this.onFailure = onFailure;
  }

  /**
   * Whether this thread is inside a container send: Tyrus may report a dead connection from there,
   * in the middle of whatever change the send belongs to.
   */
  static boolean inSend() {
    return IN_SEND.get() != null;
  }

  /**
   * Queues a frame; returns at once, false if the outbox is closed (the frame was not taken).
   * Overflowing the queue closes the outbox; the frame that overflowed it counts as taken, and it
   * and those that waited are kept for {@link #takeOver}.
   */
  boolean send(String frame) {
    boolean overflow;
    boolean later = false;
    synchronized (this) {
      if (closed) {
        return false;
      }
      long held = handed - proven + queuedChars;
      overflow =
          (sending && queue.size() >= limit) || (held > 0 && held + frame.length() > maxChars);
      if (overflow) {
        queue.add(frame);
        stranded = new ArrayList<>(queue);
        closed = true;
        clear();
      } else if (sending) {
        queue.add(frame);
        queuedChars += frame.length();
        return true;
      } else {
        sending = true;
        later = HeldLock.held();
        if (later) {
          queue.add(frame);
          queuedChars += frame.length();
        }
      }
    }
    if (overflow) {
      onFailure.accept(TOO_SLOW);
    } else if (later) {
      handOff();
    } else {
      transmit(frame);
    }
    return true;
  }

  /** Has the executor write what waits; this thread writes it if the executor takes nothing. */
  private void handOff() {
    try {
      executor.execute(this::drain);
    } catch (RejectedExecutionException e) {
      drain();
    }
  }

  private void drain() {
    String next = poll();
    if (next != null) {
      transmit(next);
    }
  }

  /**
   * Closes the outbox and returns, in order, the frames it had not begun to send; the one in flight
   * has been handed to the connection. Once the outbox has failed, the first call returns the
   * frames the failure stranded instead: the one whose send failed, then those behind it.
   */
  synchronized List<String> takeOver() {
    if (closed) {
      List<String> failed = stranded;
      stranded = List.of();
      return failed;
    }
    List<String> unsent = new ArrayList<>(queue);
    closed = true;
    sending = false;
    transmitting = null;
    generation++;
    clear();
    return unsent;
  }

  /**
   * Runs {@code action} once the frame in flight, if any, has been written or has failed; at once
   * if none is. A connection taken over is closed this way: closing it while a frame is still being
   * written may lose that frame (Payara Micro does), which the client counts as received by the old
   * connection.
   */
  void afterInFlight(Runnable action) {
    synchronized (this) {
      if (inFlight != null) {
        afterFlight = action;
        return;
      }
    }
    action.run();
  }

  /** The frame in flight has landed (written or failed): what waited for it, or null. */
  private Runnable landed() {
    inFlight = null;
    Runnable action = afterFlight;
    afterFlight = null;
    return action;
  }

  /**
   * Sends a WebSocket ping carrying a fresh random mark for everything handed to the container so
   * far, marked as a container send like every frame ({@link #inSend}): on Payara Micro a ping to a
   * dead connection reports the close from inside the send, while the container's writer is locked,
   * so the close must not wait there for Duet's locks.
   */
  void ping() throws IOException {
    long mark = MARKS.nextLong();
    synchronized (this) {
      if (marks.size() == MAX_MARKS) {
        marks.poll();
      }
      marks.add(new long[] {mark, handed});
      markedAt = handed;
    }
    IN_SEND.set(Boolean.TRUE);
    try {
      session.getAsyncRemote().sendPing(ByteBuffer.allocate(Long.BYTES).putLong(0, mark));
    } finally {
      IN_SEND.remove();
    }
  }

  /**
   * A pong came: if it carries the mark of a ping still unanswered, everything handed to the
   * container before that ping has been read. Any other pong (unsolicited, or forged without the
   * mark) proves nothing.
   */
  void acknowledge(ByteBuffer pong) {
    if (pong.remaining() != Long.BYTES) {
      return;
    }
    long mark = pong.getLong(pong.position());
    synchronized (this) {
      if (marks.stream().noneMatch(m -> m[0] == mark)) {
        return;
      }
      for (long[] oldest; (oldest = marks.poll()) != null; ) {
        if (oldest[0] == mark) {
          proven = Math.max(proven, oldest[1]);
          return;
        }
      }
    }
  }

  /** The connection this outbox sends to. */
  Session session() {
    return session;
  }

  /**
   * Sends frames until one completes asynchronously. A send that completes on this thread before
   * {@code sendText} returns continues the loop here instead of recursing from the handler; the
   * generation tells a returning {@code sendText} whether another thread has moved on meanwhile.
   */
  private void transmit(String frame) {
    String next = frame;
    while (next != null) {
      long generation;
      boolean markDue;
      synchronized (this) {
        generation = ++this.generation;
        transmitting = Thread.currentThread();
        completedInline = false;
        inFlight = next;
        handed += next.length();
        markDue = handed - markedAt >= markEvery;
      }
      IN_SEND.set(Boolean.TRUE);
      try {
        session.getAsyncRemote().sendText(next, this);
        if (markDue) {
          ping();
        }
      } catch (IOException | RuntimeException e) {
        fail(e, generation);
        return;
      } finally {
        IN_SEND.remove();
      }
      synchronized (this) {
        if (generation != this.generation) {
          return;
        }
        transmitting = null;
        if (!completedInline) {
          return;
        }
        next = poll();
      }
    }
  }

  @Override
  public void onResult(SendResult result) {
    if (!result.isOK()) {
      fail(result.getException(), -1);
      return;
    }
    String next = null;
    Runnable waiting;
    synchronized (this) {
      waiting = landed();
      if (transmitting == Thread.currentThread()) {
        completedInline = true;
      } else {
        next = poll();
      }
    }
    if (waiting != null) {
      waiting.run();
    }
    if (next != null) {
      transmit(next);
    }
  }

  /** Whether nothing is being sent or waiting to be. */
  synchronized boolean idle() {
    return !sending && queue.isEmpty();
  }

  private synchronized String poll() {
    inFlight = null;
    String next = closed ? null : queue.poll();
    if (next == null) {
      sending = false;
    } else {
      queuedChars -= next.length();
    }
    return next;
  }

  private void clear() {
    queue.clear();
    queuedChars = 0;
  }

  /**
   * A send failed: the outbox closes, keeping the failed frame and those behind it for {@link
   * #takeOver}. A {@code sendText} that threw fails only if no other thread has moved on since it
   * began ({@code generation}; -1 for a failure the container reported).
   */
  private void fail(Throwable cause, long generation) {
    Runnable waiting = null;
    synchronized (this) {
      if (closed) {
        waiting = landed();
      }
    }
    if (waiting != null) {
      waiting.run();
      return;
    }
    synchronized (this) {
      if (closed || (generation != -1 && generation != this.generation)) {
        return;
      }
      List<String> unsent = new ArrayList<>();
      if (inFlight != null) {
        unsent.add(inFlight);
      }
      unsent.addAll(queue);
      stranded = unsent;
      closed = true;
      sending = false;
      transmitting = null;
      inFlight = null;
      this.generation++;
      clear();
    }
    LOG.log(Level.FINE, "Send failed, dropping the connection's queue", cause);
    onFailure.accept(SEND_FAILED);
  }
}
