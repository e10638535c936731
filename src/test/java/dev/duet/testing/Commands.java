package dev.duet.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Runs a command of the machine and returns what it printed; fails if it fails or hangs. */
public final class Commands {
  private Commands() {}

  /** Runs {@code line}, waiting up to a minute; returns its output and error output together. */
  public static String run(List<String> line) {
    return run(line, Duration.ofMinutes(1));
  }

  /**
   * Runs {@code line}, waiting up to {@code timeout} (then it is killed); returns its output and
   * error output together, or fails with them.
   */
  public static String run(List<String> line, Duration timeout) {
    try {
      Process process = new ProcessBuilder(line).redirectErrorStream(true).start();
      CompletableFuture<String> output =
          CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(line + " did not finish within " + timeout);
      }
      String out = output.get(10, TimeUnit.SECONDS);
      if (process.exitValue() != 0) {
        throw new IllegalStateException(
            line + " failed with " + process.exitValue() + ": " + out.strip());
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(line + ": its output could not be read", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** All of a stream, as UTF-8. */
  static String readAll(InputStream in) {
    try {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
