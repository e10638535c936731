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
    Finished finished = execute(new ProcessBuilder(line), timeout);
    if (finished.exitCode() != 0) {
      throw new IllegalStateException(
          line + " failed with " + finished.exitCode() + ": " + finished.output().strip());
    }
    return finished.output();
  }

  /** A command's exit code and its output and error output together. */
  public record Finished(int exitCode, String output) {}

  /**
   * Runs the command {@code builder} makes (its error output merged into its output), waiting up to
   * {@code timeout} (then it is killed), whatever its exit code.
   */
  public static Finished execute(ProcessBuilder builder, Duration timeout) {
    List<String> line = builder.command();
    try {
      Process process = builder.redirectErrorStream(true).start();
      CompletableFuture<String> output =
          CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(line + " did not finish within " + timeout);
      }
      return new Finished(process.exitValue(), output.get(10, TimeUnit.SECONDS));
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
