// Text chat: in a room to every member, with a stranger to the partner of the call.
import { $ } from './view.js';
import { isHeld, tag, watch } from './limits.js';

const unsent = new Map();

export function enableChat(on) {
  $('chat-input').disabled = !on;
  $('send').disabled = !on || isHeld('send');
}

/**
 * Wires the chat form: target() says where a message goes now ({room} or {toUser}), or null when
 * there is no one to talk to. A message the server dropped for the rate limit goes back into the
 * input, to be sent again.
 */
export function setupChat(signaling, target) {
  watch('send', {
    limited: (messageId) => {
      const content = unsent.get(messageId);
      if (content !== undefined && !$('chat-input').value) $('chat-input').value = content;
    },
    released: () => ($('send').disabled = $('chat-input').disabled),
  });
  $('chat-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const content = $('chat-input').value.trim();
    const to = target();
    if (!content || !to || $('send').disabled) return;
    const messageId = tag('send');
    if (signaling.send('chat_message', { ...to, payload: { content }, messageId })) {
      $('chat-input').value = '';
      unsent.set(messageId, content);
      if (unsent.size > 16) unsent.delete(unsent.keys().next().value);
    }
  });
}
