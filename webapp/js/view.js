// The parts of the page every other module writes to: the status line, the problem line, the
// chat log and the controls that come and go.

export const $ = (id) => document.getElementById(id);

export function setState(state, text) {
  $('app').dataset.state = state;
  $('status').textContent = text;
}

export function problem(text) {
  $('problem').textContent = text || '';
  $('problem').hidden = !text;
}

export function show(id, visible) {
  $(id).hidden = !visible;
}

export function addMessage(text, kind, who) {
  const item = document.createElement('li');
  item.className = kind;
  if (who) {
    const name = document.createElement('span');
    name.className = 'who';
    name.textContent = `${who}:`;
    item.append(name);
  }
  item.append(document.createTextNode(text));
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
    setState('waiting', `${text} (${seconds} s)`);
  };
  tick();
  waitTimer = setInterval(tick, 1000);
}

export function stopWaiting() {
  clearInterval(waitTimer);
}
