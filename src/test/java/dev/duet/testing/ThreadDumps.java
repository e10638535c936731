package dev.duet.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Thread dumps of a server JVM ({@code jcmd Thread.print}) for failures whose cause is inside the
 * server, such as a handshake it never answers: written beside the server's log as {@code
 * threads-MILLIS.txt}.
 */
public final class ThreadDumps {
  private ThreadDumps() {}

  /**
   * Writes the server's threads headed by {@code why}, if it runs (a killed one has none); never
   * fails the caller.
   */
  public static void write(DuetServer server, String why) {
    try {
      long pid = server.jvm().pid();
      Path file =
          server.database().resolveSibling("threads-" + System.currentTimeMillis() + ".txt");
      Files.writeString(file, why + "\n");
      new ProcessBuilder("jcmd", Long.toString(pid), "Thread.print")
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(file.toFile()))
          .start()
          .waitFor(30, TimeUnit.SECONDS);
      System.out.println("THREADS of " + server.runtime() + " written to " + file + ": " + why);
    } catch (IOException | RuntimeException e) {
      System.out.println("THREADS of " + server.runtime() + " not written: " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
