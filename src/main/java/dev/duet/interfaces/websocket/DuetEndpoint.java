package dev.duet.interfaces.websocket;

import jakarta.inject.Inject;
import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code /ws}, the door: one instance per WebSocket, holding only its {@link Connection}. Opening
 * is {@link Opening}'s, each message is put together by the connection's {@link FrameAssembler} and
 * handed to the {@link Dispatcher}, and the close is the connection's end ({@link Endings}).
 */
@ServerEndpoint(value = "/ws", configurator = Opening.Handshake.class)
public class DuetEndpoint {
  private static final Logger LOG = Logger.getLogger(DuetEndpoint.class.getName());

  private static final ClientMessage.Invalid BINARY =
      ClientMessageDecoder.structure("binary frames are not part of the protocol; send JSON text");

  @Inject Opening opening;
  @Inject Dispatcher dispatcher;
  @Inject Endings endings;

  private final AtomicReference<Connection> opened = new AtomicReference<>();
  private Connection connection;

  @OnOpen
  public void open(Session session) {
    connection = opening.open(session, opened);
  }

  @OnMessage
  public void text(String part, boolean last) {
    ClientMessage message = connection == null ? null : connection.read(part, last);
    if (message != null) {
      dispatcher.dispatch(message, connection);
    }
  }

  @OnMessage
  public void binary(ByteBuffer part, boolean last) {
    ClientMessage message = connection == null ? null : connection.readBinary(last, BINARY);
    if (message != null) {
      dispatcher.dispatch(message, connection);
    }
  }

  @OnMessage
  public void pong(PongMessage pong) {
    if (connection != null) {
      connection.ponged(pong.getApplicationData());
    }
  }

  @OnClose
  public void closed(Session session, CloseReason reason) {
    Connection ended = opened.get();
    if (ended != null) {
      endings.closed(ended, reason.getCloseCode().getCode(), reason.getReasonPhrase());
    }
  }

  @OnError
  public void failed(Session session, Throwable error) {
    LOG.log(Level.FINE, "WebSocket error", error);
  }
}
