package dev.duet.interfaces.websocket;

import dev.duet.domain.Participant;

/**
 * What a message handler may do with the connection its message came from: know whose it is, answer
 * it, and end it. {@link Connection} is the real one; handlers are tested with a fake.
 */
interface Caller {
  /** The session this connection serves. */
  Participant participant();

  /** The client address of this connection (as {@code TRUSTED_PROXIES} says to read it). */
  String address();

  /** Queues a frame made by {@link ServerFrames} for this connection; returns at once. */
  void reply(String frame);

  /** Closes the connection with {@code code} and hands its session on as {@link Closes} says. */
  void drop(int code, String reason);

  /** {@link System#nanoTime()} when the message being handled had fully arrived. */
  long receivedAt();
}
