package dev.duet.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.fail;

import dev.duet.interfaces.websocket.ClientMessage;
import dev.duet.interfaces.websocket.Json;
import dev.duet.interfaces.websocket.ServerMessage;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.Session;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.altcha.altcha.Altcha;
import org.glassfish.tyrus.client.ClientManager;
import org.glassfish.tyrus.client.ClientProperties;
import org.glassfish.tyrus.client.exception.DeploymentHandshakeException;

/**
 * A real WebSocket client (Tyrus) that speaks the production protocol records through the shared
 * {@link Json#JSONB}. Frames are queued as they arrive; {@link #expect} takes the next one and
 * fails if it is of another type, so no frame goes unnoticed.
 */
public final class TestClient implements AutoCloseable {
  public static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final ClientManager CLIENT = new LastingClientManager();

  static {
    CLIENT.getProperties().put(ClientProperties.SHARED_CONTAINER, true);
    CLIENT.getProperties().put(ClientProperties.HANDSHAKE_TIMEOUT, 20_000);
  }

  private final BlockingQueue<String> frames = new LinkedBlockingQueue<>();
  private final CompletableFuture<CloseReason> closed = new CompletableFuture<>();
  private Session session;
  private ServerMessage.SessionPayload hello;
  private volatile Consumer<String> reaction;

  private TestClient() {}

  /**
   * Connects and reads the {@code session} frame, which must come first. A handshake the server
   * does not answer leaves a thread dump of the server beside its log ({@link ThreadDumps}).
   */
  public static TestClient connect(DuetServer server, String query) {
    TestClient client;
    try {
      client = open(server.ws(query));
    } catch (IllegalStateException notAnswered) {
      ThreadDumps.write(server, notAnswered.getCause() + " for " + server.ws(query));
      throw notAnswered;
    }
    client.hello = client.expect(ServerMessage.Session.class).payload();
    return client;
  }

  /** Connects to this URI and reads the {@code session} frame, which must come first. */
  public static TestClient connect(URI uri) {
    TestClient client = open(uri);
    client.hello = client.expect(ServerMessage.Session.class).payload();
    return client;
  }

  /** Connects with the token of an earlier session, to resume it. */
  public static TestClient resume(DuetServer server, String token) {
    return connect(server, "token=" + token);
  }

  /** Connects as a new user. */
  public static TestClient connect(DuetServer server) {
    return connect(server, "");
  }

  /** Connects as a new user, sending these extra handshake headers. */
  public static TestClient connect(DuetServer server, Map<String, String> headers) {
    return connect(server, "", headers);
  }

  /** Connects with this query and these extra handshake headers, and reads the session frame. */
  public static TestClient connect(DuetServer server, String query, Map<String, String> headers) {
    TestClient client = open(server.ws(query), headers);
    client.hello = client.expect(ServerMessage.Session.class).payload();
    return client;
  }

  /** Connects without reading anything (for handshakes the server refuses or closes). */
  public static TestClient open(URI uri) {
    return open(uri, Map.of());
  }

  /**
   * Connects to any WebSocket URI (a proxy's, say) with these handshake headers, without reading
   * anything.
   */
  public static TestClient open(URI uri, Map<String, String> headers) {
    TestClient client = new TestClient();
    ClientEndpointConfig config =
        ClientEndpointConfig.Builder.create()
            .configurator(
                new ClientEndpointConfig.Configurator() {
                  @Override
                  public void beforeRequest(Map<String, List<String>> request) {
                    headers.forEach((name, value) -> request.put(name, List.of(value)));
                  }
                })
            .build();
    for (int attempt = 1; ; attempt++) {
      try {
        client.session = CLIENT.connectToServer(client.new Listener(), config, uri);
        return client;
      } catch (Exception e) {
        if (attempt == 3 || !answeredByDefaultServlet(e)) {
          throw new IllegalStateException("cannot connect to " + uri, e);
        }
        System.out.println(
            "HANDSHAKE answered 404 by the default servlet (Payara Micro, rarely, under load);"
                + " tried again as the page does: "
                + uri);
      }
    }
  }

  /**
   * Whether a handshake failed with 404: Duet refuses handshakes with 403, 429 or 503 and never
   * 404; Payara Micro, rarely and under load, hands an upgrade request to its default servlet
   * instead (its log: {@code IllegalStateException: Missing wrapper}).
   */
  private static boolean answeredByDefaultServlet(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof DeploymentHandshakeException handshake) {
        return handshake.getHttpStatusCode() == 404;
      }
    }
    return false;
  }

  private final class Listener extends Endpoint {
    @Override
    public void onOpen(Session session, EndpointConfig config) {
      session.setMaxTextMessageBufferSize(16 * 1024 * 1024);
      session.addMessageHandler(
          String.class,
          frame -> {
            Consumer<String> react = reaction;
            if (react != null) {
              react.accept(frame);
            }
            frames.add(frame);
          });
    }

    @Override
    public void onClose(Session session, CloseReason reason) {
      closed.complete(reason);
    }

    @Override
    public void onError(Session session, Throwable error) {
      closed.completeExceptionally(error);
    }
  }

  /**
   * Passes the bot gate as the page does, if the {@code session} frame had a challenge: solves it
   * and sends {@code solve_challenge}, which must be acknowledged. It costs the session one message
   * of its rate budget, so tests that count those call it only when they meet strangers.
   */
  public TestClient passGate() {
    if (hello.challenge() != null) {
      send(
          new ClientMessage.SolveChallenge(
              new ClientMessage.SolutionPayload(solution(hello.challenge())), "gate"));
      expect(ServerMessage.Ack.class);
    }
    return this;
  }

  /** A solution of the challenge, as ALTCHA's widget makes it: its base64 JSON payload. */
  public static String solution(ServerMessage.ChallengePayload challenge) {
    try {
      Altcha.Solution found =
          Altcha.solveChallenge(
              challenge.challenge(),
              challenge.salt(),
              Altcha.Algorithm.SHA256,
              challenge.maxnumber(),
              0);
      return payload(challenge, found.number);
    } catch (Exception e) {
      throw new IllegalStateException("cannot solve " + challenge, e);
    }
  }

  /** ALTCHA's payload naming {@code number} as the answer to the challenge. */
  public static String payload(ServerMessage.ChallengePayload challenge, long number) {
    String json =
        jakarta.json.Json.createObjectBuilder()
            .add("algorithm", challenge.algorithm())
            .add("challenge", challenge.challenge())
            .add("number", number)
            .add("salt", challenge.salt())
            .add("signature", challenge.signature())
            .build()
            .toString();
    return java.util.Base64.getEncoder()
        .encodeToString(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  public String userId() {
    return hello.userId();
  }

  public ServerMessage.SessionPayload hello() {
    return hello;
  }

  /** The session token the server handed out. */
  public String token() {
    return hello.token();
  }

  /**
   * Runs {@code react} on every frame the moment it arrives, on the thread that read it and before
   * it is queued: what it sends answers the frame at once, as a quick client would.
   */
  public void onEachFrame(Consumer<String> react) {
    reaction = react;
  }

  public void send(ClientMessage message) {
    sendRaw(Json.JSONB.toJson(message));
  }

  public void send(Signal signal) {
    sendRaw(Json.JSONB.toJson(signal));
  }

  public void sendRaw(String text) {
    try {
      session.getBasicRemote().sendText(text);
    } catch (IOException e) {
      throw new IllegalStateException("send failed", e);
    }
  }

  public void sendBinary(byte[] data) {
    try {
      session.getBasicRemote().sendBinary(ByteBuffer.wrap(data));
    } catch (IOException e) {
      throw new IllegalStateException("send failed", e);
    }
  }

  /** The next frame as text, or fails after {@link #TIMEOUT}. */
  public String nextRaw() {
    try {
      String frame = frames.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      if (frame == null) {
        fail("no frame within " + TIMEOUT + (closed.isDone() ? "; closed: " + closed.join() : ""));
      }
      return frame;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The next frame if one arrives within {@code wait}, else null. */
  public String poll(Duration wait) {
    try {
      return frames.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The next frame, which must be of the given type. */
  public <T extends ServerMessage> T expect(Class<T> type) {
    String frame = nextRaw();
    return assertInstanceOf(type, Json.JSONB.fromJson(frame, ServerMessage.class), frame);
  }

  /** The next frame, which must be of the given type and arrive within {@code wait}. */
  public <T extends ServerMessage> T expect(Class<T> type, Duration wait) {
    String frame = poll(wait);
    if (frame == null) {
      fail("no " + type.getSimpleName() + " within " + wait);
    }
    return assertInstanceOf(type, Json.JSONB.fromJson(frame, ServerMessage.class), frame);
  }

  /** Skips frames of the {@code skippable} type until one of the wanted type arrives. */
  public <T extends ServerMessage> T expectAfter(
      Class<? extends ServerMessage> skippable, Class<T> type) {
    while (true) {
      String frame = nextRaw();
      ServerMessage message = Json.JSONB.fromJson(frame, ServerMessage.class);
      if (!skippable.isInstance(message)) {
        return assertInstanceOf(type, message, frame);
      }
    }
  }

  /** The next frame, which must be an {@code error} with this code. */
  public ServerMessage.Error expectError(String code) {
    ServerMessage.Error error = expect(ServerMessage.Error.class);
    if (!code.equals(error.payload().code())) {
      fail("expected error " + code + " but got " + Json.JSONB.toJson(error));
    }
    return error;
  }

  /** Asserts that no frame arrives within {@code quiet}. */
  public void expectNothing(Duration quiet) {
    try {
      assertNull(frames.poll(quiet.toMillis(), TimeUnit.MILLISECONDS), "unexpected frame");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Asserts that nothing reaches this client before the answer to a {@code ping} sent now. The
   * server sends to a connection in order, so anything it had queued for this client by the time it
   * read the ping (for example because of a request another client had sent and had answered
   * before) would arrive first: a negative check that does not depend on how fast the server is.
   */
  public void expectNothingBefore() {
    String marker = "nothing-before-" + UUID.randomUUID();
    send(new ClientMessage.Ping(marker));
    String frame = nextRaw();
    ServerMessage.Pong pong =
        assertInstanceOf(
            ServerMessage.Pong.class,
            Json.JSONB.fromJson(frame, ServerMessage.class),
            "unexpected frame before the pong: " + frame);
    assertEquals(marker, pong.messageId(), frame);
  }

  /**
   * The next frame, or why the connection closed if it closes first: a {@link String} or a {@link
   * CloseReason}.
   */
  public Object nextFrameOrClose() {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    try {
      while (System.nanoTime() < deadline) {
        String frame = frames.poll(50, TimeUnit.MILLISECONDS);
        if (frame != null) {
          return frame;
        }
        if (closed.isDone()) {
          return awaitClose();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    throw new AssertionError("neither a frame nor a close within " + TIMEOUT);
  }

  /** Waits for the server to close the connection and returns why. */
  public CloseReason awaitClose() {
    try {
      return closed.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("not closed within " + TIMEOUT);
    } catch (Exception e) {
      throw new AssertionError("closed with an error", e);
    }
  }

  public boolean isOpen() {
    return session.isOpen() && !closed.isDone();
  }

  /** Closes with {@code code}: 1000 and 1001 end the session, other codes let it wait for us. */
  public void close(int code, String reason) {
    try {
      session.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(code), reason));
    } catch (IOException e) {
      throw new IllegalStateException("close failed", e);
    }
  }

  @Override
  public void close() {
    try {
      if (session.isOpen()) {
        session.close();
      }
    } catch (IOException | RuntimeException ignored) {
      // already gone
    }
  }

  /**
   * A Tyrus client whose executors live as long as the test JVM. Tyrus shuts its own down whenever
   * the last connection closes, racing a connection being opened at that moment, which then fails
   * with a {@code RejectedExecutionException} (eclipse-ee4j/tyrus#640).
   */
  private static final class LastingClientManager extends ClientManager {
    private static final ThreadFactory DAEMONS =
        runnable -> {
          Thread thread = new Thread(runnable, "test-client");
          thread.setDaemon(true);
          return thread;
        };
    private static final ExecutorService WORKERS = Executors.newCachedThreadPool(DAEMONS);
    private static final ScheduledExecutorService TIMERS =
        Executors.newScheduledThreadPool(2, DAEMONS);

    @Override
    public ExecutorService getExecutorService() {
      return WORKERS;
    }

    @Override
    public ScheduledExecutorService getScheduledExecutorService() {
      return TIMERS;
    }
  }
}
