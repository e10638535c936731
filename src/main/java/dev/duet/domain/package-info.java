/**
 * The rules of Duet in plain Java: rooms, participants, identifiers and error codes.
 *
 * <p>Nothing here knows about WebSockets, JSON or the container; time comes from a {@link
 * java.time.Clock} or an {@link java.time.Instant} passed in, so every rule is tested in
 * milliseconds without a server.
 */
package dev.duet.domain;
