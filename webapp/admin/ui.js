// What the admin modules share: elements, UTC times, durations in words, pagers, the confirmation
// dialog, and tables that keep the keyboard focus when a refresh redraws them.
export const $ = (id) => document.getElementById(id);

/** An element with properties (class, text, dataset entries as data-*, aria-*) and children. */
export function el(name, props = {}, ...children) {
  const element = document.createElement(name);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') element.className = value;
    else if (key === 'text') element.textContent = value;
    else if (key.startsWith('data-') || key.startsWith('aria-')) element.setAttribute(key, value);
    else element[key] = value;
  }
  element.append(...children.filter((child) => child !== null && child !== undefined));
  return element;
}

/** An ISO-8601 instant as "2026-12-06 14:05:09 UTC", in a <time> element. */
export function utc(iso) {
  if (!iso) return el('span', { text: '—' });
  const date = new Date(iso);
  const text = Number.isNaN(date.getTime())
    ? iso
    : `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
  return el('time', { dateTime: iso, text });
}

/** A duration the server takes: forever, or 1 to 999999 seconds, minutes, hours or days. */
export const DURATION = /^(?:[1-9][0-9]{0,5}[smhd]|forever)$/;
const UNITS = { s: 'second', m: 'minute', h: 'hour', d: 'day' };

/** "24h" as "for 24 hours", "forever" as "forever". */
export function durationWords(text) {
  if (text === 'forever') return 'forever';
  const [, amount, unit] = /^(\d+)([smhd])$/.exec(text);
  return `for ${amount} ${UNITS[unit]}${amount === '1' ? '' : 's'}`;
}

/** "user X", "user X's device", "user X's network (IPv6 /48)". */
export function subjectWords(scope, userId, wide) {
  if (scope === 'user') return `user ${userId}`;
  if (scope === 'device') return `user ${userId}'s device`;
  return `user ${userId}'s network${wide ? ' (IPv6 /48)' : ''}`;
}

/**
 * Why a reason or note (the noun) is not one the server takes, or null: it is 1 to 500 characters,
 * with no control characters but line feeds; purpose says what it is for when it is missing.
 */
export function reasonProblem(text, noun, purpose) {
  if (!text.trim()) return `Write a ${noun}: ${purpose}.`;
  if (text.length > 500) return `The ${noun} is at most 500 characters.`;
  if (/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/.test(text)) {
    return `The ${noun} cannot hold control characters such as tabs.`;
  }
  return null;
}

/** Shows a problem next to a field (or clears it), marks the field and moves focus to it. */
export function fieldProblem(line, field, text) {
  line.textContent = text || '';
  line.hidden = !text;
  for (const input of line.closest('form').querySelectorAll('[aria-invalid]')) {
    input.removeAttribute('aria-invalid');
  }
  if (text && field) {
    field.setAttribute('aria-invalid', 'true');
    field.focus();
  }
}

/**
 * Asks a question in the confirmation dialog; resolves to true only when "yes" was pressed (not
 * Cancel, not Escape). Focus starts on Cancel, and goes back where it was when the dialog closes.
 */
export function confirmAction(question, yes) {
  const dialog = $('confirm-dialog');
  $('confirm-question').textContent = question;
  $('confirm-yes').textContent = yes;
  dialog.returnValue = '';
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => resolve(dialog.returnValue === 'yes'), { once: true });
    dialog.showModal();
    $('confirm-no').focus();
  });
}

/** Wires a list's Newer / Older buttons ({prefix}-newer, {prefix}-older) to its page. */
export function wirePager(prefix, view, load) {
  const newer = $(`${prefix}-newer`);
  const older = $(`${prefix}-older`);
  newer.addEventListener('click', async () => {
    view.page = Math.max(0, view.page - 1);
    await load();
    if (newer.disabled && !older.disabled) older.focus();
  });
  older.addEventListener('click', async () => {
    view.page += 1;
    await load();
    if (older.disabled && !newer.disabled) newer.focus();
  });
}

export function showPage(prefix, page, more) {
  $(`${prefix}-newer`).disabled = page === 0;
  $(`${prefix}-older`).disabled = !more;
  $(`${prefix}-page`).textContent = `Page ${page + 1}`;
}

/**
 * A table body that is redrawn only when its data changed, so that a refresh every few seconds
 * neither disturbs a screen reader nor loses the keyboard focus: an element with data-focus that
 * had the focus has it again after the redraw, if it is still there.
 */
export function redraw(body, data, rows, emptyText, columns) {
  const key = JSON.stringify(data);
  if (body.dataset.shown === key) return;
  body.dataset.shown = key;
  const focused = body.contains(document.activeElement)
    ? document.activeElement.dataset.focus
    : undefined;
  const drawn = rows.length
    ? rows
    : [el('tr', {}, el('td', { colSpan: columns, text: emptyText }))];
  body.replaceChildren(...drawn);
  if (focused) body.querySelector(`[data-focus="${CSS.escape(focused)}"]`)?.focus();
}

/** A row of cells: strings become text, elements are put in as they are. */
export function row(cells, props = {}) {
  return el(
    'tr',
    props,
    ...cells.map((cell) => {
      if (cell instanceof Node) return el('td', {}, cell);
      if (cell && typeof cell === 'object') return el('td', { class: cell.class, text: cell.text });
      return el('td', { text: cell ?? '' });
    }),
  );
}

/** Says a result in a section's status line, as a success or a problem. */
export function say(line, text, isProblem = false) {
  delete line.dataset.listProblem;
  line.textContent = text;
  line.classList.toggle('problem', Boolean(isProblem && text));
}
