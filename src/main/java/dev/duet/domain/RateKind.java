package dev.duet.domain;

/**
 * What a sender's actions are counted against, each its own {@link TokenBucket}: every message
 * ({@link #MESSAGE}) and, on top of that, requests for a stranger ({@link #MATCH}), chat messages
 * ({@link #CHAT}), room joins ({@link #ROOM}), fresh ICE servers ({@link #ICE}) and call-quality
 * reports ({@link #STATS}); handshakes ({@link #CONNECT}) are counted per address only.
 */
public enum RateKind {
  MESSAGE,
  MATCH,
  CHAT,
  ROOM,
  ICE,
  STATS,
  CONNECT
}
