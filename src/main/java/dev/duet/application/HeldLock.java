package dev.duet.application;

import java.util.function.Supplier;

/**
 * Runs work under one of Duet's locks, marked as such for the thread: what is told to peers
 * meanwhile is not written to their sockets on this thread but handed to another (the notifier's
 * outboxes ask {@link #held}). A container's write to a broken connection may wait for that
 * connection's reader (Payara Micro's Grizzly: its close listener takes the read handler's lock),
 * and that reader may be waiting for the very lock held here, to handle a message of the same
 * connection: a deadlock of the two threads and of every thread that wants the lock after them.
 * Writes made without a Duet lock (relayed signaling) go out at once.
 */
public final class HeldLock {
  private static final ThreadLocal<int[]> DEPTH = ThreadLocal.withInitial(() -> new int[1]);

  private HeldLock() {}

  /** Runs {@code work} holding {@code lock}'s monitor. */
  public static void run(Object lock, Runnable work) {
    synchronized (lock) {
      int[] depth = DEPTH.get();
      depth[0]++;
      try {
        work.run();
      } finally {
        depth[0]--;
      }
    }
  }

  /** Computes {@code work} holding {@code lock}'s monitor. */
  public static <T> T get(Object lock, Supplier<T> work) {
    synchronized (lock) {
      int[] depth = DEPTH.get();
      depth[0]++;
      try {
        return work.get();
      } finally {
        depth[0]--;
      }
    }
  }

  /** Whether this thread holds one of Duet's locks now. */
  public static boolean held() {
    return DEPTH.get()[0] > 0;
  }
}
