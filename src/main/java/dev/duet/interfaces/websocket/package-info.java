/**
 * The Duet wire protocol over {@code /ws}: the door ({@link
 * dev.duet.interfaces.websocket.DuetEndpoint}), the per-connection state ({@link
 * dev.duet.interfaces.websocket.Connection}) and its registry, the dispatcher and one small handler
 * per concern, the protocol records (one sealed interface per direction), the one decoder and the
 * one place server frames are made, the per-session mailbox and the per-connection outbox that
 * sends one frame at a time.
 */
package dev.duet.interfaces.websocket;
