package dev.duet.bench;

import jakarta.websocket.OnClose;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The runtime's floor for the benchmark: the least a relay can do. It knows connections by their
 * {@code userId} query parameter and forwards each text frame, unchanged, to the connection named
 * by its {@code "toUser"} field. No Duet code, no JSON parsing, no rules; deployed as its own WAR
 * by {@link Benchmark}, never part of Duet.
 */
@ServerEndpoint("/ws")
public class BareRelayEndpoint {
  private static final ConcurrentMap<String, Session> SESSIONS = new ConcurrentHashMap<>();
  private static final String TO_USER = "\"toUser\":\"";

  private String userId;

  @OnOpen
  public void open(Session session) {
    List<String> ids = session.getRequestParameterMap().get("userId");
    userId = ids == null ? session.getId() : ids.get(0);
    SESSIONS.put(userId, session);
  }

  @OnMessage
  public void text(String frame) throws IOException {
    int start = frame.indexOf(TO_USER);
    if (start < 0) {
      return;
    }
    start += TO_USER.length();
    Session peer = SESSIONS.get(frame.substring(start, frame.indexOf('"', start)));
    if (peer != null) {
      synchronized (peer) {
        peer.getBasicRemote().sendText(frame);
      }
    }
  }

  @OnClose
  public void close(Session session) {
    SESSIONS.remove(userId, session);
  }
}
