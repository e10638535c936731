/**
 * Duet: signaling, rooms and random matching for anonymous two-party voice calls.
 *
 * <p>Layers, after Eclipse Cargo Tracker: {@code domain} (plain Java rules), {@code application}
 * (CDI services and the ports they call), {@code infrastructure} (ports implemented by technology)
 * and {@code interfaces} (the WebSocket protocol and HTTP resources).
 */
package dev.duet;
