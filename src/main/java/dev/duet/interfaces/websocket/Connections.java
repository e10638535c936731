package dev.duet.interfaces.websocket;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * The open connections of this server, spread over {@value #SLICES} slices for the {@link
 * Heartbeat} to ping one slice at a time; {@link Shutdown} drains them all. A connection is in here
 * from its session's start until its end.
 */
@ApplicationScoped
public class Connections {
  static final int SLICES = 20;

  private final List<Set<Connection>> slices =
      Stream.<Set<Connection>>generate(ConcurrentHashMap::newKeySet).limit(SLICES).toList();
  private final AtomicInteger nextSlice = new AtomicInteger();

  /** The slice for the next connection. */
  int nextSlice() {
    return Math.floorMod(nextSlice.getAndIncrement(), SLICES);
  }

  void add(Connection connection) {
    slices.get(connection.slice()).add(connection);
  }

  void remove(Connection connection) {
    slices.get(connection.slice()).remove(connection);
  }

  /** The connections of one slice, as they are now. */
  Set<Connection> slice(int slice) {
    return slices.get(slice);
  }

  /** Every open connection. */
  List<Connection> all() {
    return slices.stream().flatMap(Set::stream).toList();
  }
}
