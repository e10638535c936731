package dev.duet.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A real coturn (Debian's {@code turnserver}) on loopback with {@code use-auth-secret}, started
 * with a configuration of the test's own ({@code -c}, so {@code /etc/turnserver.conf} never
 * applies) and stopped afterwards. Loopback peers are allowed here only. Without coturn the tests
 * are skipped with a loud reason, except under {@code CI=true}, where they fail.
 */
public final class Coturn implements AutoCloseable {
  private static final Path TURNSERVER = Path.of("/usr/bin/turnserver");
  private final Process process;
  private final int port;

  private Coturn(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  public static void requireTurnserver() {
    Tools.require(TURNSERVER, "coturn", "the TURN tests");
  }

  /** Starts coturn with this shared secret on a free UDP port of 127.0.0.1. */
  public static Coturn start(String secret) {
    requireTurnserver();
    try {
      Path dir = Path.of(System.getProperty("duet.it.workdir", "target/it"), "coturn");
      Files.createDirectories(dir);
      int port = freeUdpPort();
      int relayFrom = 40_000 + (port % 10_000);
      Path config = dir.resolve("turnserver.conf");
      Files.writeString(
          config,
          String.join(
              "\n",
              "listening-ip=127.0.0.1",
              "relay-ip=127.0.0.1",
              "listening-port=" + port,
              "min-port=" + relayFrom,
              "max-port=" + (relayFrom + 200),
              "use-auth-secret",
              "static-auth-secret=" + secret,
              "realm=duet.test",
              "fingerprint",
              "allow-loopback-peers",
              "no-cli",
              "no-tls",
              "no-dtls",
              "no-tcp-relay",
              "simple-log",
              "log-file=stdout",
              "pidfile=" + dir.resolve("turnserver.pid"),
              "userdb=" + dir.resolve("turndb"),
              ""));
      Path log = dir.resolve("turnserver.log");
      Process process =
          Tools.launch(
              new ProcessBuilder(TURNSERVER.toString(), "-c", config.toString()),
              log,
              log,
              () -> answersStun(port));
      return new Coturn(process, port);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Sends a STUN Binding request and reports whether an answer came within 200 ms. */
  private static boolean answersStun(int port) {
    byte[] request = new byte[20];
    request[1] = 0x01;
    request[4] = 0x21;
    request[5] = 0x12;
    request[6] = (byte) 0xA4;
    request[7] = 0x42;
    for (int i = 8; i < 20; i++) {
      request[i] = (byte) i;
    }
    try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      socket.setSoTimeout(200);
      socket.send(
          new DatagramPacket(request, request.length, InetAddress.getLoopbackAddress(), port));
      socket.receive(new DatagramPacket(new byte[512], 512));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** The TURN URL to hand to clients. */
  public String url() {
    return "turn:127.0.0.1:" + port + "?transport=udp";
  }

  private static int freeUdpPort() throws IOException {
    try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  @Override
  public void close() {
    Tools.stop(process);
  }
}
