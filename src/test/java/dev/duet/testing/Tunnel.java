package dev.duet.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP relay on a loopback port in front of the server, for one client connection at a time, that
 * can be cut like a network that went away: both sides get a reset, nobody a WebSocket close.
 */
public final class Tunnel implements AutoCloseable {
  private final ServerSocket listener;
  private final InetSocketAddress target;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();

  private Tunnel(InetSocketAddress target) throws IOException {
    this.target = target;
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::accept, "tunnel-" + listener.getLocalPort());
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** A tunnel to the server's HTTP port. */
  public static Tunnel to(DuetServer server) {
    URI ws = server.ws("");
    try {
      return new Tunnel(new InetSocketAddress("127.0.0.1", ws.getPort()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The server's {@code /ws?query} as reached through this tunnel. */
  public URI ws(String query) {
    return URI.create(
        "ws://127.0.0.1:"
            + listener.getLocalPort()
            + "/ws"
            + (query == null || query.isEmpty() ? "" : "?" + query));
  }

  private void accept() {
    while (!listener.isClosed()) {
      try {
        Socket client = listener.accept();
        Socket server = new Socket();
        server.connect(target, 5_000);
        sockets.add(client);
        sockets.add(server);
        pump(client, server);
        pump(server, client);
      } catch (IOException e) {
        return;
      }
    }
  }

  private static void pump(Socket from, Socket to) {
    Thread pump =
        new Thread(
            () -> {
              byte[] buffer = new byte[16 * 1024];
              try (InputStream in = from.getInputStream();
                  OutputStream out = to.getOutputStream()) {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                  out.write(buffer, 0, n);
                  out.flush();
                }
              } catch (IOException cut) {
                // the tunnel was cut or a side went away
              }
            },
            "tunnel-pump");
    pump.setDaemon(true);
    pump.start();
  }

  /** Cuts every connection through the tunnel with a TCP reset on both sides. */
  public void cut() {
    for (Socket socket : sockets) {
      try {
        socket.setSoLinger(true, 0);
        socket.close();
      } catch (IOException ignored) {
        // already closed
      }
    }
    sockets.clear();
  }

  @Override
  public void close() {
    cut();
    try {
      listener.close();
    } catch (IOException ignored) {
      // already closed
    }
  }
}
