package dev.duet.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A WebSocket opened by hand that then neither reads nor answers pings: a client that is too slow,
 * or whose network went away without a close.
 */
public final class RawSocket {
  private RawSocket() {}

  /** Opens {@code /ws?query} with a tiny receive buffer and returns once the server accepted. */
  public static Socket openAndGoSilent(DuetServer server, String query) throws IOException {
    Socket socket = new Socket();
    socket.setReceiveBufferSize(4096);
    socket.connect(new InetSocketAddress("127.0.0.1", server.ws("").getPort()), 5_000);
    OutputStream out = socket.getOutputStream();
    out.write(
        ("GET /ws?"
                + query
                + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    out.flush();
    InputStream in = socket.getInputStream();
    StringBuilder response = new StringBuilder();
    while (!response.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("handshake refused: " + response);
      }
      response.append((char) b);
    }
    if (!response.toString().startsWith("HTTP/1.1 101")) {
      throw new IOException("handshake refused: " + response);
    }
    return socket;
  }
}
