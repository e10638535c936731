// The server's rate limits as a person meets them: a frame sent by pressing a button carries a
// messageId naming the button; when the server drops it with rate_limited, the page says so briefly
// and keeps that button disabled until the server's bucket has a token for it again.
import { $, problem, problemKey } from './view.js';
import { msg } from './i18n.js';

const SLOW_DOWN = 'problem.slowDown';

// How long until a default bucket has refilled one token (README, Configuration):
// MATCH_RATE_PER_MINUTE 20 (Next: one every 3 s), CHAT_RATE_PER_MINUTE 30 (one every 2 s),
// RATE_LIMIT_PER_MINUTE 120 (any message: one every 0.5 s).
const WAIT_MS = { next: 3_000, send: 2_000 };
const OTHER_WAIT_MS = 1_000;
const REMEMBERED = 64;

const sent = new Map();
const held = new Map();
const listeners = [];
let counter = 0;

/** A messageId for a frame sent by pressing the button with this id. */
export function tag(button) {
  const messageId = `${button}-${++counter}`;
  sent.set(messageId, button);
  if (sent.size > REMEMBERED) sent.delete(sent.keys().next().value);
  return messageId;
}

/** Whether the button is disabled for a rate limit right now. */
export function isHeld(button) {
  return held.has(button);
}

/**
 * Calls limited(messageId) when a frame of this button is dropped, and released() when the button
 * may be pressed again.
 */
export function watch(button, { limited = () => {}, released = () => {} }) {
  listeners.push({ button, limited, released });
}

/** Handles an error frame of code rate_limited; returns the button whose frame was dropped. */
export function limited(messageId) {
  problem(msg(SLOW_DOWN));
  const button = sent.get(messageId) || null;
  sent.delete(messageId);
  hold(button, WAIT_MS[button] ?? OTHER_WAIT_MS);
  if (button) for (const l of listeners) if (l.button === button) l.limited(messageId);
  return button;
}

// A frame that no button sent (signaling, say) holds nothing but the message.
function hold(button, millis) {
  clearTimeout(held.get(button));
  if (button) $(button).disabled = true;
  held.set(
    button,
    setTimeout(() => {
      held.delete(button);
      if (button) $(button).disabled = false;
      for (const l of listeners) if (l.button === button) l.released();
      if (problemKey() === SLOW_DOWN && held.size === 0) problem('');
    }, millis),
  );
}
