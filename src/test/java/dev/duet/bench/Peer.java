package dev.duet.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

/**
 * One simulated user of the load generator: a {@code java.net.http} WebSocket whose whole text
 * frames go to the current scenario's handler, and whose sends are chained so that at most one is
 * in flight, as that API requires. A close the server leaves unanswered for 5 s is counted and the
 * connection aborted.
 */
final class Peer implements WebSocket.Listener {
  /** Closes the server did not answer within {@link #CLOSE_TIMEOUT_SECONDS}: aborted. */
  static final AtomicLong UNANSWERED_CLOSES = new AtomicLong();

  /**
   * The generator's one timer thread (a {@code CompletableFuture.delayedExecutor} would start a
   * thread per task on a one-CPU JVM, as the common pool has no parallelism there).
   */
  static final ScheduledExecutorService TIMER =
      Executors.newSingleThreadScheduledExecutor(
          task -> {
            Thread thread = new Thread(task, "generator-timer");
            thread.setDaemon(true);
            return thread;
          });

  private static final long CLOSE_TIMEOUT_SECONDS = 5;

  final String id;
  private final StringBuilder partial = new StringBuilder();
  private volatile BiConsumer<Peer, String> handler = (peer, frame) -> {};
  private volatile boolean closed;
  private final CompletableFuture<Void> gone = new CompletableFuture<>();
  private WebSocket socket;
  private CompletableFuture<WebSocket> lastSend;

  private Peer(String id) {
    this.id = id;
  }

  /** Connects; the future completes when the handshake has. */
  static CompletableFuture<Peer> connect(
      HttpClient http, URI uri, String id, BiConsumer<Peer, String> handler) {
    Peer peer = new Peer(id);
    peer.handler = handler;
    return http.newWebSocketBuilder().buildAsync(uri, peer).thenApply(socket -> peer);
  }

  @Override
  public synchronized void onOpen(WebSocket webSocket) {
    socket = webSocket;
    webSocket.request(1);
  }

  void handle(BiConsumer<Peer, String> handler) {
    this.handler = handler;
  }

  /** Queues a text frame behind the one in flight, if any. */
  synchronized void send(String text) {
    if (closed) {
      return;
    }
    lastSend =
        lastSend == null || lastSend.isDone()
            ? socket.sendText(text, true)
            : lastSend.thenCompose(ws -> ws.sendText(text, true));
  }

  /** Starts a clean close; {@link #gone()} completes when the server has answered it. */
  synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    CompletableFuture<WebSocket> after =
        lastSend == null ? CompletableFuture.completedFuture(socket) : lastSend;
    after
        .exceptionally(e -> socket)
        .thenCompose(ws -> ws.sendClose(WebSocket.NORMAL_CLOSURE, ""))
        .whenComplete(
            (ws, e) -> {
              if (e != null) {
                socket.abort();
                gone.complete(null);
              }
            });
    TIMER.schedule(
        () -> {
          if (gone.complete(null)) {
            UNANSWERED_CLOSES.incrementAndGet();
            socket.abort();
          }
        },
        CLOSE_TIMEOUT_SECONDS,
        TimeUnit.SECONDS);
  }

  CompletableFuture<Void> gone() {
    return gone;
  }

  @Override
  public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
    String frame;
    if (last && partial.isEmpty()) {
      frame = data.toString();
    } else {
      partial.append(data);
      if (!last) {
        webSocket.request(1);
        return null;
      }
      frame = partial.toString();
      partial.setLength(0);
    }
    handler.accept(this, frame);
    webSocket.request(1);
    return null;
  }

  @Override
  public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
    closed = true;
    gone.complete(null);
    return null;
  }

  @Override
  public void onError(WebSocket webSocket, Throwable error) {
    closed = true;
    gone.complete(null);
  }
}
