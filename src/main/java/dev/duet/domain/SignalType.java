package dev.duet.domain;

/**
 * The WebRTC signaling a participant may send to a current peer. The server never looks inside
 * their payloads; it only checks that sender and receiver are peers.
 */
public enum SignalType {
  OFFER,
  ANSWER,
  CANDIDATE,
  HANGUP
}
