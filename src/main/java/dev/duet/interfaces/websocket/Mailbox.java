package dev.duet.interfaces.websocket;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.IntFunction;

/**
 * Where the frames for one session go: to the {@link Outbox} of the connection serving it, or,
 * while it reconnects, into a bounded buffer delivered when a connection resumes it. The buffer
 * holds at most {@code maxFrames} frames and {@code maxBytes} bytes; the oldest frames are dropped
 * first and counted.
 *
 * <p>In a cluster the notifications of a user's random matching (waiting, a match's start and end)
 * are made by whichever instance made the change and carry the user's sequence numbers: they are
 * sent in that order ({@link #inOrder}), an out-of-date one (numbered before one already sent) not
 * at all. Also, the end of a random match is sent only after its start, and the start of a match
 * the user has already left itself (it skipped before the start reached it) is not sent at all.
 * While a numbered notification waits for one before it, every other frame waits behind it too: a
 * peer's signal or a reply judged against a match the user has not yet been told of never overtakes
 * the telling.
 *
 * <p>Sending takes no lock while a live connection serves the session. A frame whose outbox has
 * just been taken over goes to the new one, after the frames moved from the old, so nothing is lost
 * or reordered when a connection resumes or takes over a session.
 */
final class Mailbox {
  private final String sessionId;
  private final int maxFrames;
  private final long maxBytes;
  private static final int MATCHES_REMEMBERED = 8;
  private final ArrayDeque<String> held = new ArrayDeque<>();
  private final Set<String> announced = new LinkedHashSet<>();
  private final Set<String> left = new LinkedHashSet<>();
  private final Map<String, String> pendingEnds = new LinkedHashMap<>();
  private final TreeMap<Long, Runnable> early = new TreeMap<>();
  private final ArrayDeque<String> afterGap = new ArrayDeque<>();
  private volatile boolean gapOpen;
  private long lastSeq;
  private volatile Outbox outbox;
  private long heldBytes;
  private int dropped;

  /**
   * A mailbox that holds frames until a connection resumes the session; match notifications
   * numbered up to {@code lastSeq} are out of date (0: none known yet) and are not sent.
   */
  Mailbox(String sessionId, int maxFrames, long maxBytes, long lastSeq) {
    this.sessionId = sessionId;
    this.maxFrames = maxFrames;
    this.maxBytes = maxBytes;
    this.lastSeq = lastSeq;
  }

  String sessionId() {
    return sessionId;
  }

  /**
   * Sends a frame that is not a match notification: at once, or, while numbered notifications wait
   * for a gap to close, after them (at most {@code maxFrames} frames wait so; one more ends the
   * wait).
   */
  void send(String frame) {
    Outbox current = outbox;
    if (!gapOpen && current != null && current.send(frame)) {
      return;
    }
    synchronized (this) {
      if (gapOpen) {
        afterGap.add(frame);
        if (afterGap.size() > maxFrames) {
          skipGap();
        }
        return;
      }
      dispatch(frame);
    }
  }

  /** Sends the numbered notification that the user waits for a match. */
  synchronized void waiting(String frame) {
    dispatch(frame);
  }

  private void dispatch(String frame) {
    Outbox current = outbox;
    if (current == null || !current.send(frame)) {
      keep(frame);
    }
  }

  /**
   * The connection of {@code gone} dropped: from now on frames are kept, starting with those it had
   * not begun to send. Does nothing if another outbox serves the session now.
   */
  synchronized void hold(Outbox gone) {
    if (outbox == gone) {
      outbox = null;
      List<String> unsent = gone.takeOver();
      ArrayDeque<String> later = new ArrayDeque<>(held);
      held.clear();
      heldBytes = 0;
      unsent.forEach(this::keep);
      later.forEach(this::keep);
    }
  }

  /**
   * A connection resumes the session: {@code next} gets the frame {@code first} makes from the
   * count of dropped frames, then what the previous outbox had not begun to send (if a live one is
   * taken over), then what was kept, and from then on everything. Returns the previous outbox, or
   * null.
   */
  synchronized Outbox resume(Outbox next, IntFunction<String> first) {
    Outbox previous = outbox;
    List<String> carried = previous == null ? List.of() : previous.takeOver();
    next.send(first.apply(dropped));
    carried.forEach(next::send);
    held.forEach(next::send);
    held.clear();
    heldBytes = 0;
    dropped = 0;
    outbox = next;
    return previous;
  }

  /**
   * Sends the start of a random match, and then its end if that came first (from another instance
   * of a cluster).
   */
  synchronized void started(String matchId, String frame) {
    if (left.contains(matchId)) {
      return;
    }
    remember(announced, matchId);
    dispatch(frame);
    String end = pendingEnds.remove(matchId);
    if (end != null) {
      dispatch(end);
    }
  }

  /**
   * Sends the end of a random match whose start was sent; keeps it until the start comes otherwise,
   * so the user never hears of a match's end before the match.
   */
  synchronized void ended(String matchId, String frame) {
    if (announced.contains(matchId)) {
      dispatch(frame);
      return;
    }
    pendingEnds.put(matchId, frame);
    while (pendingEnds.size() > MATCHES_REMEMBERED) {
      pendingEnds.remove(pendingEnds.keySet().iterator().next());
    }
  }

  /**
   * Runs {@code delivery} of the match notification numbered {@code seq} in the order of the
   * numbers: at once if it is the next one (or the first this mailbox sees, or unnumbered: 0),
   * later if one before it has not come yet, never if a later one was sent. Returns true if it
   * opened a gap: {@link #skipGap} is then to be called a moment later.
   */
  synchronized boolean inOrder(long seq, Runnable delivery) {
    if (seq == 0) {
      delivery.run();
      return false;
    }
    if (lastSeq != 0 && seq <= lastSeq) {
      return false;
    }
    if (lastSeq != 0 && seq > lastSeq + 1) {
      boolean opened = early.isEmpty();
      early.put(seq, delivery);
      gapOpen = true;
      return opened;
    }
    lastSeq = seq;
    delivery.run();
    while (!early.isEmpty() && early.firstKey() == lastSeq + 1) {
      lastSeq++;
      early.pollFirstEntry().getValue().run();
    }
    if (early.isEmpty()) {
      closeGap();
    }
    return false;
  }

  /** Stops waiting for what is missing: sends what came after it, in order. */
  synchronized void skipGap() {
    while (!early.isEmpty()) {
      Map.Entry<Long, Runnable> next = early.pollFirstEntry();
      lastSeq = next.getKey();
      next.getValue().run();
    }
    closeGap();
  }

  private void closeGap() {
    gapOpen = false;
    while (!afterGap.isEmpty()) {
      dispatch(afterGap.removeFirst());
    }
  }

  /** The user was told of this match's start before this mailbox existed. */
  synchronized void known(String matchId) {
    remember(announced, matchId);
  }

  /** The user ended the match itself: a start of it that comes late is not sent. */
  synchronized void left(String matchId) {
    remember(left, matchId);
  }

  private static void remember(Set<String> matchIds, String matchId) {
    matchIds.add(matchId);
    while (matchIds.size() > MATCHES_REMEMBERED) {
      matchIds.remove(matchIds.iterator().next());
    }
  }

  private void keep(String frame) {
    held.add(frame);
    heldBytes += Utf8.length(frame);
    while (held.size() > maxFrames || heldBytes > maxBytes) {
      heldBytes -= Utf8.length(held.removeFirst());
      dropped++;
    }
  }

  /**
   * The session moved elsewhere: returns what the outbox had not begun to send and what was kept,
   * oldest first, and the outbox that served the session, if any; from now on nothing is sent.
   */
  synchronized Released release() {
    skipGap();
    Outbox previous = outbox;
    List<String> frames = new ArrayList<>();
    if (previous != null) {
      frames.addAll(previous.takeOver());
    }
    frames.addAll(held);
    held.clear();
    heldBytes = 0;
    outbox = null;
    return new Released(frames, previous);
  }

  /** What {@link #release} took: the frames, and the outbox that served the session or null. */
  record Released(List<String> frames, Outbox outbox) {}
}
