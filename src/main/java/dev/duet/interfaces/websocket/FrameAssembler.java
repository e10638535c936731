package dev.duet.interfaces.websocket;

import dev.duet.domain.ErrorCode;

/**
 * Puts one connection's messages together from the parts they arrive in, so that their size is
 * bounded here, on every server: Undertow does not apply {@code setMaxTextMessageBufferSize} to
 * whole-message handlers. A message over {@code MAX_MESSAGE_BYTES} that arrived whole is read as
 * {@code too_large}; one that grows over it while still arriving is {@link #overflowed()}, and is
 * never buffered past the limit.
 */
final class FrameAssembler {
  private final int limit;
  private final ClientMessage.Invalid tooLarge;
  private StringBuilder partial;
  private boolean overflowed;

  FrameAssembler(int limit) {
    this.limit = limit;
    this.tooLarge =
        new ClientMessage.Invalid(
            false, ErrorCode.TOO_LARGE, "A message has at most " + limit + " bytes.", null);
  }

  /**
   * Takes the next part of a message: returns the message once its last part is in, null while more
   * is to come or after the message {@link #overflowed()}.
   */
  ClientMessage read(String part, boolean last) {
    if (partial == null && last) {
      return exceeds(part) ? tooLarge : ClientMessageDecoder.read(part);
    }
    if (partial == null) {
      partial = new StringBuilder();
    }
    partial.append(part);
    if (exceeds(partial)) {
      partial = null;
      overflowed = true;
      return null;
    }
    if (!last) {
      return null;
    }
    String message = partial.toString();
    partial = null;
    return ClientMessageDecoder.read(message);
  }

  /** Whether part of a message has arrived and the rest is still to come. */
  boolean inProgress() {
    return partial != null;
  }

  /** Whether a message grew over the limit while it was arriving; the connection is to close. */
  boolean overflowed() {
    return overflowed;
  }

  int limit() {
    return limit;
  }

  private boolean exceeds(CharSequence text) {
    return Utf8.exceeds(text, limit);
  }
}
