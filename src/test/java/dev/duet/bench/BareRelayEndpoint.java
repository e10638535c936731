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
 * The runtime's floor for the benchmark: the least a relay and a matchmaker can do. It knows
 * connections by their {@code userId} query parameter and forwards each text frame, unchanged, to
 * the connection named by its {@code "toUser"} field; a frame naming {@code request_random_peer}
 * pairs its sender with the one connection waiting, if any (else it waits), and tells both with an
 * {@code assign_role}. No Duet code, no JSON parsing, no rules; deployed as its own WAR by {@link
 * Benchmark}, never part of Duet.
 */
@ServerEndpoint("/ws")
public class BareRelayEndpoint {
  private static final ConcurrentMap<String, Session> SESSIONS = new ConcurrentHashMap<>();
  private static final String TO_USER = "\"toUser\":\"";
  private static final String REQUEST = "\"request_random_peer\"";
  private static final Object QUEUE = new Object();
  private static Session waiting;

  private String userId;

  @OnOpen
  public void open(Session session) {
    List<String> ids = session.getRequestParameterMap().get("userId");
    userId = ids == null ? session.getId() : ids.get(0);
    session.getUserProperties().put("userId", userId);
    SESSIONS.put(userId, session);
  }

  @OnMessage
  public void text(String frame, Session session) throws IOException {
    if (frame.contains(REQUEST)) {
      match(session);
      return;
    }
    int start = frame.indexOf(TO_USER);
    if (start < 0) {
      return;
    }
    start += TO_USER.length();
    Session peer = SESSIONS.get(frame.substring(start, frame.indexOf('"', start)));
    if (peer != null) {
      send(peer, frame);
    }
  }

  private void match(Session session) throws IOException {
    Session partner;
    synchronized (QUEUE) {
      if (waiting == null || waiting == session || !waiting.isOpen()) {
        waiting = session;
        return;
      }
      partner = waiting;
      waiting = null;
    }
    send(partner, role("offerer", userId));
    send(session, role("answerer", (String) partner.getUserProperties().get("userId")));
  }

  private static String role(String role, String peer) {
    return "{\"type\":\"assign_role\",\"role\":\"" + role + "\",\"peer\":\"" + peer + "\"}";
  }

  private static void send(Session peer, String frame) throws IOException {
    synchronized (peer) {
      peer.getBasicRemote().sendText(frame);
    }
  }

  @OnClose
  public void close(Session session) {
    SESSIONS.remove(userId, session);
    synchronized (QUEUE) {
      if (waiting == session) {
        waiting = null;
      }
    }
  }
}
