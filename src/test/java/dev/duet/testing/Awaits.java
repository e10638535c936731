package dev.duet.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waiting for a condition with a deadline, instead of sleeping before an assertion. */
public final class Awaits {
  private Awaits() {}

  /** Checks the condition every 50 ms until it holds; fails with the message at the deadline. */
  public static void until(Duration timeout, BooleanSupplier condition, Supplier<String> message) {
    Instant deadline = Instant.now().plus(timeout);
    while (!condition.getAsBoolean()) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("Not within " + timeout + ": " + message.get());
      }
      pause(Duration.ofMillis(50));
    }
  }

  /**
   * Asks every 50 ms until the answer is not null, and returns it; fails with the message at the
   * deadline.
   */
  public static <T> T value(Duration timeout, Supplier<T> answer, Supplier<String> message) {
    Instant deadline = Instant.now().plus(timeout);
    T value;
    while ((value = answer.get()) == null) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("Not within " + timeout + ": " + message.get());
      }
      pause(Duration.ofMillis(50));
    }
    return value;
  }

  public static void pause(Duration duration) {
    LockSupport.parkNanos(duration.toNanos());
  }
}
