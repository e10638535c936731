package dev.duet.interfaces.websocket;

import dev.duet.application.ConnectionGate;
import dev.duet.application.SessionService;
import dev.duet.application.port.Metrics;
import dev.duet.domain.LogText;
import dev.duet.domain.Participant;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The end of a connection, and what becomes of its session: kept for the next start while the
 * server shuts down, ended after a clean close ({@link Closes#endsSession}), or left waiting {@code
 * RESUME_GRACE} for its client to reconnect; a connection whose session was taken over changes
 * nothing. Every end gives back the connection's place in the {@link ConnectionGate} and is logged
 * as {@code event=close} with its outcome: {@code ended}, {@code reconnecting}, {@code kept},
 * {@code moved}, or {@code none} for a connection refused before it had a session.
 */
@ApplicationScoped
public class Endings {
  private static final Logger LOG = Logger.getLogger(Endings.class.getName());

  private static final long SEND_FAILURE_WAIT_MILLIS = 1_000;

  @Inject SessionService sessions;
  @Inject ConnectionGate gate;
  @Inject Metrics metrics;
  @Inject Connections connections;

  @Resource(lookup = "java:app/duet/scheduler")
  ManagedScheduledExecutorService executor;

  /**
   * The container reports the close. It is handled at once, so the user id is free again, except
   * when the container reports it from inside a send (Tyrus does, for a dead connection): that send
   * is part of a service's locked change, whose notifications must all go out before the end's, so
   * the end then runs on Duet's executor.
   */
  void closed(Connection connection, int code, String reason) {
    if (!Outbox.inSend()) {
      connection.end(code, reason);
      return;
    }
    try {
      executor.execute(() -> connection.end(code, reason));
    } catch (RuntimeException shuttingDown) {
      connection.end(code, reason);
    }
  }

  /**
   * The connection's outbox closed. A client too slow to read is dropped at once. A failed send
   * means the connection broke or the client is closing it: the container's report of the close,
   * with the client's own close code, decides what becomes of the session, and only if none comes
   * within {@value #SEND_FAILURE_WAIT_MILLIS} ms is the client dropped as gone.
   */
  void sendFailed(Connection connection, String problem) {
    if (problem.equals(Outbox.TOO_SLOW)) {
      executor.execute(() -> connection.drop(Closes.TOO_SLOW, problem));
    } else {
      executor.schedule(
          () -> connection.drop(Closes.TOO_SLOW, problem),
          SEND_FAILURE_WAIT_MILLIS,
          TimeUnit.MILLISECONDS);
    }
  }

  /** Hands the session of a connection that ended on; called once per connection. */
  void hand(Connection connection, int code, String reason) {
    connections.remove(connection);
    Participant participant = connection.participant();
    String outcome;
    if (!participant.isServedBy(connection.id())) {
      outcome = "moved";
    } else if (Shutdown.stopping(gate)) {
      sessions.suspend(participant);
      outcome = "kept";
    } else if (Closes.endsSession(code, connection.closedBy())) {
      sessions.close(participant, "disconnected");
      outcome = "ended";
    } else {
      connection.mailbox().hold(connection.outbox());
      sessions.disconnect(participant, connection.id(), connection.address());
      outcome = participant.isClosed() ? "ended" : "reconnecting";
    }
    log(connection.address(), participant.userId(), connection.openedAt(), code, reason, outcome);
  }

  /** A connection refused before it had a session. */
  void refused(String address, long openedAt, int code, String reason) {
    log(address, "-", openedAt, code, reason, "none");
  }

  private void log(
      String address, String userId, long openedAt, int code, String reason, String outcome) {
    gate.leave(address);
    metrics.connectionClosed(code);
    LOG.logp(
        Level.INFO,
        Endings.class.getName(),
        "close",
        () ->
            String.format(
                "event=close user=%s code=%d reason=\"%s\" seconds=%d session=%s",
                userId,
                code,
                LogText.quoted(reason),
                (System.nanoTime() - openedAt) / 1_000_000_000L,
                outcome));
  }
}
