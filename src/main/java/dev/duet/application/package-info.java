/**
 * The use cases of Duet as CDI services: they enforce the domain's rules atomically, keep the live
 * state, and reach the outside world only through the ports of {@code dev.duet.application.port}
 * ({@link dev.duet.application.port.PeerNotifier}, {@link
 * dev.duet.application.port.RoomRepository}, {@link dev.duet.application.port.MatchQueue}, ...).
 * Their settings are in {@code dev.duet.application.settings}.
 */
package dev.duet.application;
