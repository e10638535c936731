package dev.duet.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A real coturn (Debian's {@code turnserver}) on loopback (or another address) with {@code
 * use-auth-secret}, started with a configuration of the test's own ({@code -c}, so {@code
 * /etc/turnserver.conf} never applies) and stopped afterwards. Loopback peers are allowed here
 * only. Without coturn the tests are skipped with a loud reason, except under {@code CI=true},
 * where they fail.
 */
public final class Coturn implements AutoCloseable {
  private static final Path TURNSERVER = Path.of("/usr/bin/turnserver");
  private final Process process;
  private final String address;
  private final int port;

  private Coturn(Process process, String address, int port) {
    this.process = process;
    this.address = address;
    this.port = port;
  }

  public static void requireTurnserver() {
    Tools.require(TURNSERVER, "coturn", "the TURN tests");
  }

  /** Starts coturn with this shared secret on a free UDP port of 127.0.0.1. */
  public static Coturn start(String secret) {
    return start(secret, "127.0.0.1");
  }

  /**
   * Starts coturn with this shared secret on a free UDP port of {@code address}, which is its relay
   * address too (say {@link CallNetwork#TURN}), and these lines of configuration besides (e.g.
   * {@code max-allocate-lifetime=20}); loopback peers are allowed on 127.0.0.1 only.
   */
  public static Coturn start(String secret, String address, String... moreConfig) {
    requireTurnserver();
    try {
      InetAddress ip = InetAddress.getByName(address);
      Path dir =
          Path.of(
              System.getProperty("duet.it.workdir", "target/it"),
              ip.isLoopbackAddress() ? "coturn" : "coturn-" + address);
      Files.createDirectories(dir);
      int port = freeUdpPort(ip);
      int relayFrom = 40_000 + (port % 10_000);
      Path config = dir.resolve("turnserver.conf");
      Files.writeString(
          config,
          String.join(
              "\n",
              "listening-ip=" + address,
              "relay-ip=" + address,
              "listening-port=" + port,
              "min-port=" + relayFrom,
              "max-port=" + (relayFrom + 200),
              "use-auth-secret",
              "static-auth-secret=" + secret,
              "realm=duet.test",
              "fingerprint",
              ip.isLoopbackAddress() ? "allow-loopback-peers" : "",
              "no-cli",
              "no-tls",
              "no-dtls",
              "no-tcp-relay",
              "simple-log",
              "log-file=stdout",
              "pidfile=" + dir.resolve("turnserver.pid"),
              "userdb=" + dir.resolve("turndb"),
              String.join("\n", moreConfig),
              ""));
      Path log = dir.resolve("turnserver.log");
      Process process =
          Tools.launch(
              new ProcessBuilder(TURNSERVER.toString(), "-c", config.toString()),
              log,
              log,
              () -> answersStun(ip, port));
      return new Coturn(process, address, port);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Sends a STUN Binding request and reports whether an answer came within 200 ms. */
  private static boolean answersStun(InetAddress ip, int port) {
    byte[] request = new byte[20];
    request[1] = 0x01;
    request[4] = 0x21;
    request[5] = 0x12;
    request[6] = (byte) 0xA4;
    request[7] = 0x42;
    for (int i = 8; i < 20; i++) {
      request[i] = (byte) i;
    }
    try (DatagramSocket socket = new DatagramSocket(0, ip)) {
      socket.setSoTimeout(200);
      socket.send(new DatagramPacket(request, request.length, ip, port));
      socket.receive(new DatagramPacket(new byte[512], 512));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** The TURN URL to hand to clients. */
  public String url() {
    return "turn:" + address + ":" + port + "?transport=udp";
  }

  private static int freeUdpPort(InetAddress ip) throws IOException {
    try (DatagramSocket socket = new DatagramSocket(0, ip)) {
      return socket.getLocalPort();
    }
  }

  @Override
  public void close() {
    Tools.stop(process);
  }
}
