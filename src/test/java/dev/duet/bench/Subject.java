package dev.duet.bench;

import dev.duet.testing.Awaits;
import dev.duet.testing.DuetServer;
import dev.duet.testing.Heap;
import dev.duet.testing.Redis;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The server a figure is measured on, and how the generator speaks to it: Duet (one instance, or
 * two sharing a Redis), the {@link BareRelayEndpoint} on the same runtime, or {@link PeerJsServer}.
 * Duet and the bare endpoint take {@code /ws?userId=…&room=…} and relay {@code webrtc_candidate} by
 * {@code toUser}; PeerJS takes {@code /peerjs?id=…} and relays {@code CANDIDATE} by {@code dst}.
 */
final class Subject implements AutoCloseable {
  enum Kind {
    DUET,
    BARE,
    PEERJS
  }

  private static final String SIGNAL_HEAD =
      "candidate:842163049 1 udp 1677729535 203.0.113.7 46154 typ srflx raddr 10.0.0.7 rport 46154"
          + " generation 0 ufrag EsAw network-id 1 network-cost 10 ";

  final String runtime;
  final Kind kind;
  private final List<DuetServer> servers;
  private final Redis redis;
  private final PeerJsServer peerjs;

  private Subject(
      String runtime, Kind kind, List<DuetServer> servers, Redis redis, PeerJsServer peerjs) {
    this.runtime = runtime;
    this.kind = kind;
    this.servers = servers;
    this.redis = redis;
    this.peerjs = peerjs;
  }

  static Subject of(String runtime, Kind kind, List<DuetServer> servers, Redis redis) {
    return new Subject(runtime, kind, servers, redis, null);
  }

  static Subject peerjs(PeerJsServer server) {
    return new Subject("node", Kind.PEERJS, List.of(), null, server);
  }

  String label() {
    return runtime + " | " + kind.name().toLowerCase(java.util.Locale.ROOT);
  }

  boolean duet() {
    return kind == Kind.DUET;
  }

  /** Duet and the bare endpoint match strangers; PeerJS has no matchmaker. */
  boolean matches() {
    return kind != Kind.PEERJS;
  }

  /** Where the {@code index}-th user connects: clients alternate the instances of a cluster. */
  URI uri(int index, String id, String room) {
    if (kind == Kind.PEERJS) {
      return peerjs.ws(id);
    }
    String query = "userId=" + id + (room == null ? "" : "&room=" + room);
    return servers.get(Math.floorMod(index, servers.size())).ws(query);
  }

  /** The frame that says a new session is ready, or null when the handshake is enough. */
  String greeting() {
    return switch (kind) {
      case DUET -> "\"session\"";
      case BARE -> null;
      case PEERJS -> "\"OPEN\"";
    };
  }

  /** The frame that says both members of a room are in it: only Duet has rooms. */
  String paired() {
    return duet() ? "\"assign_role\"" : greeting();
  }

  /** What a relayed signal contains. */
  String signalMarker() {
    return kind == Kind.PEERJS ? "\"CANDIDATE\"" : "\"webrtc_candidate\"";
  }

  /** A signal of about {@code bytes} bytes to {@code to} that carries its send time. */
  String signal(String to, int bytes) {
    String head =
        kind == Kind.PEERJS
            ? "{\"type\":\"CANDIDATE\",\"dst\":\"" + to + "\",\"payload\":{\"candidate\":\""
            : "{\"type\":\"webrtc_candidate\",\"toUser\":\""
                + to
                + "\",\"payload\":{\"candidate\":\"";
    head += SIGNAL_HEAD;
    String tail = "\",\"sdpMid\":\"0\",\"sdpMLineIndex\":0,\"t\":" + System.nanoTime() + "}}";
    return head + "x".repeat(Math.max(0, bytes - head.length() - tail.length())) + tail;
  }

  /** What an idle client sends by itself: PeerJS's client sends a heartbeat every 5 s. */
  String heartbeat() {
    return kind == Kind.PEERJS ? "{\"type\":\"HEARTBEAT\"}" : null;
  }

  /** The processes whose CPU is the server's: the JVMs (and Redis), or node. */
  List<Long> pids() {
    List<Long> pids = new ArrayList<>();
    servers.forEach(s -> pids.add(s.jvm().pid()));
    if (redis != null) {
      pids.add(redis.pid());
    }
    if (peerjs != null) {
      pids.add(peerjs.pid());
    }
    return pids;
  }

  /** Live heap after a full collection, or -1 for PeerJS (node's heap is not read). */
  long liveHeap() {
    return kind == Kind.PEERJS ? -1 : Heap.liveBytes(servers.get(0).jvm().pid());
  }

  long rss() {
    return Machine.rssBytes(pids().get(0));
  }

  /** Waits until Duet has cleaned up after every session closed; the others keep no state. */
  void awaitCleanUp(Duration timeout) {
    if (duet()) {
      Awaits.until(
          timeout,
          () -> servers.stream().mapToLong(s -> s.stat("active_users")).sum() == 0,
          () -> "sessions left: " + servers.stream().map(DuetServer::stats).toList());
    }
  }

  /** Starts ({@code file} not null) or stops a JFR recording on the first JVM. */
  void jfr(String file) {
    if (servers.isEmpty()) {
      return;
    }
    long pid = servers.get(0).jvm().pid();
    if (file == null) {
      Heap.jcmd(pid, "JFR.stop");
    } else {
      Heap.jcmd(pid, "JFR.start", "settings=profile", "filename=" + file);
    }
  }

  @Override
  public void close() {
    servers.forEach(DuetServer::close);
    if (redis != null) {
      redis.close();
    }
    if (peerjs != null) {
      peerjs.close();
    }
  }
}
