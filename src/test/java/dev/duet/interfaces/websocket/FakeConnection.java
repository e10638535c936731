package dev.duet.interfaces.websocket;

import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A container's connection for {@link Outbox} and {@link Mailbox} tests: records the frames and
 * pings sent, and completes a send only when told to, as a container does once its write queue has
 * taken the frame; pings are answered only when told to, as a client does once it has read them.
 */
final class FakeConnection {
  final List<String> sent = new ArrayList<>();
  final List<SendHandler> pending = new ArrayList<>();

  /** What the outbox handed to its executor, run by {@link #runLater}. */
  final List<Runnable> later = new ArrayList<>();

  final List<Boolean> pingsInSend = new ArrayList<>();
  final List<ByteBuffer> pings = new ArrayList<>();
  final Session session;
  final Outbox outbox;

  FakeConnection() {
    this(256, 1 << 20, problem -> {});
  }

  FakeConnection(int frames, long chars, Consumer<String> onFailure) {
    RemoteEndpoint.Async async =
        (RemoteEndpoint.Async)
            Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {RemoteEndpoint.Async.class},
                (proxy, method, args) -> {
                  if (method.getName().equals("sendPing")) {
                    pingsInSend.add(Outbox.inSend());
                    pings.add(((ByteBuffer) args[0]).duplicate());
                    return null;
                  }
                  if (method.getName().equals("sendText") && args.length == 2) {
                    sent.add((String) args[0]);
                    pending.add((SendHandler) args[1]);
                    return null;
                  }
                  throw new UnsupportedOperationException(method.getName());
                });
    session =
        (Session)
            Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {Session.class},
                (proxy, method, args) -> {
                  if (method.getName().equals("getAsyncRemote")) {
                    return async;
                  }
                  throw new UnsupportedOperationException(method.getName());
                });
    outbox = new Outbox(session, frames, chars, later::add, onFailure);
  }

  /** Runs what the outbox handed to its executor. */
  FakeConnection runLater() {
    while (!later.isEmpty()) {
      later.remove(0).run();
    }
    return this;
  }

  /** Completes every send in flight, and the ones they start, until none is left. */
  FakeConnection completeAll() {
    while (!pending.isEmpty()) {
      pending.remove(0).onResult(new SendResult());
    }
    return this;
  }

  /** The client reads everything sent so far: every ping is answered with its pong, in order. */
  FakeConnection readAll() {
    for (ByteBuffer ping : pings) {
      outbox.acknowledge(ping.duplicate());
    }
    pings.clear();
    return this;
  }
}
