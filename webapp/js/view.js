// The parts of the page every other module writes to: the status line, the problem line, the
// chat log and the controls that come and go. The status and problem lines take words as msg()s
// (or a server's words as a string) and say them again when the language changes.
import { msg, number, onLanguage, render, t } from './i18n.js';

export const $ = (id) => document.getElementById(id);

let status = null;
let trouble = null;

export function setState(state, text) {
  $('app').dataset.state = state;
  status = text;
  $('status').textContent = render(text);
}

export function problem(text) {
  trouble = text || null;
  $('problem').textContent = render(text);
  $('problem').hidden = !text;
}

/** The key of the problem shown now, if it is a msg(). */
export const problemKey = () => (trouble && typeof trouble === 'object' ? trouble.key : null);

onLanguage(() => {
  if (status) $('status').textContent = render(status);
  if (trouble) $('problem').textContent = render(trouble);
});

export function show(id, visible) {
  $(id).hidden = !visible;
}

export function addMessage(text, kind, who) {
  const item = document.createElement('li');
  item.className = kind;
  if (who) {
    const name = document.createElement('span');
    name.className = 'who';
    name.textContent = t('chat.who', { who });
    item.append(name);
  }
  item.append(document.createTextNode(render(text)));
  $('messages').append(item);
  item.scrollIntoView({ block: 'nearest' });
}

let waitTimer = 0;

/** Shows "text (N s)" in the status line, counting from since (or now). */
export function waitFor(since, text) {
  clearInterval(waitTimer);
  const started = since ? Date.parse(since) : Date.now();
  const tick = () => {
    const seconds = Math.max(0, Math.round((Date.now() - started) / 1000));
    setState('waiting', msg('status.waited', { text, seconds: number(seconds) }));
  };
  tick();
  waitTimer = setInterval(tick, 1000);
}

export function stopWaiting() {
  clearInterval(waitTimer);
}
