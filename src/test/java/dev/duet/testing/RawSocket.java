package dev.duet.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A WebSocket opened by hand that then neither reads nor answers pings: a client that is too slow,
 * or whose network went away without a close.
 */
public final class RawSocket {
  private RawSocket() {}

  /** An answer to a handshake: the HTTP status and, unless it is 101, the body. */
  public record Answer(int status, String body) {}

  /**
   * Sends a WebSocket handshake for {@code /ws} with these extra header lines (e.g. {@code "Origin:
   * https://a.example"}) and returns the answer; an accepted connection is closed (1000) as soon as
   * the first frame arrives, so its session exists by the time this returns and then ends.
   */
  public static Answer handshake(DuetServer server, String host, String... headers)
      throws IOException {
    return handshake(server.ws(""), host, headers);
  }

  /** The same handshake to another WebSocket address (a proxy's, say). */
  public static Answer handshake(java.net.URI ws, String host, String... headers)
      throws IOException {
    List<String> lines = new ArrayList<>(List.of("Upgrade: websocket", "Connection: Upgrade"));
    lines.add("Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==");
    lines.add("Sec-WebSocket-Version: 13");
    lines.addAll(List.of(headers));
    return exchange(ws.getPort(), "GET /ws HTTP/1.1", host, lines);
  }

  /**
   * Sends {@code requestLine} (say {@code POST /ws;x HTTP/1.1}) with a {@code Host} and exactly
   * these header lines, and returns the answer as {@link #handshake} does.
   */
  public static Answer request(DuetServer server, String requestLine, String... headers)
      throws IOException {
    return exchange(
        server.ws("").getPort(),
        requestLine,
        "127.0.0.1:" + server.ws("").getPort(),
        List.of(headers));
  }

  private static Answer exchange(int port, String requestLine, String host, List<String> headers)
      throws IOException {
    try (Socket socket = new Socket()) {
      socket.setSoTimeout(10_000);
      socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
      StringBuilder request = new StringBuilder(requestLine).append("\r\nHost: ").append(host);
      for (String header : headers) {
        request.append("\r\n").append(header);
      }
      OutputStream out = socket.getOutputStream();
      out.write(request.append("\r\n\r\n").toString().getBytes(StandardCharsets.UTF_8));
      out.flush();
      InputStream in = socket.getInputStream();
      String head = readHead(in);
      int status = Integer.parseInt(head.substring(9, 12));
      if (status == 101) {
        if (in.read() < 0) {
          throw new IOException("accepted, then closed before the session frame");
        }
        out.write(CLOSE_1000);
        out.flush();
        return new Answer(status, "");
      }
      Matcher length = CONTENT_LENGTH.matcher(head);
      byte[] body = length.find() ? in.readNBytes(Integer.parseInt(length.group(1))) : new byte[0];
      return new Answer(status, new String(body, StandardCharsets.UTF_8));
    }
  }

  /** A client's close frame, code 1000, masked with a zero key. */
  private static final byte[] CLOSE_1000 = {
    (byte) 0x88, (byte) 0x82, 0, 0, 0, 0, 0x03, (byte) 0xE8
  };

  private static final Pattern CONTENT_LENGTH =
      Pattern.compile("(?i)\r\ncontent-length:\\s*(\\d+)");

  private static String readHead(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("connection closed after " + head);
      }
      head.append((char) b);
    }
    return head.toString();
  }

  /**
   * Opens {@code /ws?query} with a tiny receive buffer and these extra header lines ({@code "Name:
   * value"}), and returns once the server accepted; the caller reads nothing more.
   */
  public static Socket openAndGoSilent(DuetServer server, String query, String... headers)
      throws IOException {
    Socket socket = new Socket();
    socket.setReceiveBufferSize(4096);
    socket.connect(new InetSocketAddress("127.0.0.1", server.ws("").getPort()), 5_000);
    OutputStream out = socket.getOutputStream();
    out.write(
        ("GET /ws?"
                + query
                + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                + String.join("", Arrays.stream(headers).map(h -> h + "\r\n").toList())
                + "\r\n")
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
