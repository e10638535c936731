package dev.duet.domain;

/**
 * What a sender's actions are counted against, each its own {@link TokenBucket}: every message
 * ({@link #MESSAGE}) and, on top of that, requests for a stranger ({@link #MATCH}), chat messages
 * ({@link #CHAT}) and room joins ({@link #ROOM}); handshakes ({@link #CONNECT}) are counted per
 * address only.
 */
public enum RateKind {
  MESSAGE,
  MATCH,
  CHAT,
  ROOM,
  CONNECT
}
