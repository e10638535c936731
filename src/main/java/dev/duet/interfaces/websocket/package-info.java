/**
 * The Duet wire protocol over {@code /ws}: protocol records (one sealed interface per direction),
 * the JSON-B codecs that share one {@link jakarta.json.bind.Jsonb}, the thin endpoint and the
 * per-connection outbox that sends one frame at a time.
 */
package dev.duet.interfaces.websocket;
