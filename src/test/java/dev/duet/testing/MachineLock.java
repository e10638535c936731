package dev.duet.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;

/**
 * A lock held by one test JVM of the machine at a time (a file lock under {@code duet.it.lockdir},
 * shared by the failsafe executions' forks): the suite runs two test JVMs per runtime, and what
 * must not run twice at once on two cores, a cluster of three servers, takes it.
 */
final class MachineLock implements AutoCloseable {
  private final FileChannel channel;
  private final FileLock lock;

  private MachineLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /** Waits at most {@code wait} for the lock {@code name}. */
  static MachineLock acquire(String name, Duration wait) {
    Path dir = Path.of(System.getProperty("duet.it.lockdir", "target/it"));
    try {
      Files.createDirectories(dir);
      FileChannel channel =
          FileChannel.open(
              dir.resolve(name + ".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      Instant deadline = Instant.now().plus(wait);
      while (true) {
        FileLock lock = channel.tryLock();
        if (lock != null) {
          return new MachineLock(channel, lock);
        }
        if (Instant.now().isAfter(deadline)) {
          channel.close();
          throw new IllegalStateException(
              "another test JVM held the " + name + " lock for " + wait);
        }
        Awaits.pause(Duration.ofMillis(200));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    try {
      lock.release();
      channel.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
