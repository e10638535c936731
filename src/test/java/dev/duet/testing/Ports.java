package dev.duet.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.ThreadLocalRandom;

/** Free loopback ports for the servers the tests start, and clearing their folders. */
public final class Ports {
  private Ports() {}

  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static int freeWildFlyOffset() {
    int[] ports = {8080, 8443, 9990, 9993, 8009, 4712, 4713};
    for (int attempt = 0; attempt < 200; attempt++) {
      int offset = ThreadLocalRandom.current().nextInt(100, 20000);
      boolean free = true;
      for (int port : ports) {
        free &= isFree(port + offset);
      }
      if (free) {
        return offset;
      }
    }
    throw new IllegalStateException("no free port offset for WildFly");
  }

  static boolean isFree(int port) {
    try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  static void deleteRecursively(Path path) throws IOException {
    if (Files.exists(path)) {
      try (var paths = Files.walk(path)) {
        for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }
}
