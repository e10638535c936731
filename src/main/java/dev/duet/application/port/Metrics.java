package dev.duet.application.port;

import dev.duet.domain.BanScope;
import dev.duet.domain.CallReport;
import dev.duet.domain.ErrorCode;
import dev.duet.domain.Match;
import java.time.Duration;

/**
 * Port: counts what happens, for operators' dashboards. Each method records one event and returns
 * at once without locking or I/O, so services call it on their hot paths, also while they hold a
 * lock. What is live (connections, sessions, rooms, the queue) is not reported here: the
 * implementation reads it from the services when it is scraped.
 */
public interface Metrics {

  /** A random match was made; the two sides had waited this long. */
  void matchMade(Duration earlierWaited, Duration laterWaited);

  /** A random match ended. */
  void matchEnded(Match.End reason);

  /**
   * A message was passed on to a peer: {@code type} is its wire type ({@code webrtc_offer}, {@code
   * chat_message}, ...), {@code nanos} the time from its frame's arrival until it was handed to the
   * recipient's send queue.
   */
  void relayed(String type, long nanos);

  /** A request was refused with this error. */
  void refused(ErrorCode code);

  /**
   * A connection went over a rate limit: its message was dropped, or, when {@code closing}, it is
   * closed for sustained abuse.
   */
  void rateLimited(boolean closing);

  /** A connection ended with this WebSocket close code. */
  void connectionClosed(int code);

  /** A session came back with its token after its connection dropped. */
  void sessionResumed();

  /** A user reported a partner. */
  void reported();

  /** A connection or request was kept out by a ban of this scope. */
  void banEnforced(BanScope scope);

  /**
   * The bot gate: a challenge {@code issued}, {@code solved}, {@code failed}, or {@code required}.
   */
  void challenge(String result);

  /** A page reported how its call goes (checked already). */
  void callReported(CallReport report);
}
