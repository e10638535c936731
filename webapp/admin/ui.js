// What the admin modules share: elements, UTC times, durations in words, pagers, the confirmation
// dialog, and tables that keep the keyboard focus when a refresh redraws them.
import { currentLanguage, msg, number, onLanguage, render, t, tn, utcDate, utcTime } from '../js/i18n.js';

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

/** An ISO-8601 instant as "Dec 6, 2026, 14:05:09 UTC" (in the language in use), in a <time>. */
export function utc(iso) {
  if (!iso) return el('span', { text: '—' });
  const date = new Date(iso);
  const text = Number.isNaN(date.getTime())
    ? iso
    : t('admin.utc', { date: utcDate(date), time: utcTime(date, true) });
  return el('time', { dateTime: iso, text });
}

/** A duration the server takes: forever, or 1 to 999999 seconds, minutes, hours or days. */
export const DURATION = /^(?:[1-9][0-9]{0,5}[smhd]|forever)$/;
const UNITS = {
  s: 'admin.duration.seconds',
  m: 'admin.duration.minutes',
  h: 'admin.duration.hours',
  d: 'admin.duration.days',
};

/** "24h" as "for 24 hours", "forever" as "forever". */
export function durationWords(text) {
  if (text === 'forever') return t('admin.duration.forever');
  const [, amount, unit] = /^(\d+)([smhd])$/.exec(text);
  return tn(UNITS[unit], Number(amount));
}

/** "user X", "user X's device", "user X's network (IPv6 /48)". */
export function subjectWords(scope, userId, wide) {
  if (scope === 'user') return t('admin.subject.user', { user: userId });
  if (scope === 'device') return t('admin.subject.device', { user: userId });
  return t(wide ? 'admin.subject.networkWide' : 'admin.subject.network', { user: userId });
}

/**
 * Why a ban's reason or a resolution's note is not one the server takes (a msg()), or null: it is
 * 1 to 500 characters, with no control characters but line feeds. words: the keys of what to say
 * when it is missing, too long, or holds control characters.
 */
export function reasonProblem(text, words) {
  if (!text.trim()) return msg(words.missing);
  if (text.length > 500) return msg(words.long, { max: number(500) });
  if (/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/.test(text)) return msg(words.control);
  return null;
}

/** Shows a problem next to a field (or clears it), marks the field and moves focus to it. */
export function fieldProblem(line, field, text) {
  remember(line, text);
  line.textContent = render(text);
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
  $(`${prefix}-page`).textContent = t('admin.pager.page', { page: number(page + 1) });
}

/**
 * A table body that is redrawn only when its data changed, so that a refresh every few seconds
 * neither disturbs a screen reader nor loses the keyboard focus: an element with data-focus that
 * had the focus has it again after the redraw, if it is still there.
 */
export function redraw(body, data, rows, emptyText, columns) {
  const key = currentLanguage() + JSON.stringify(data);
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

/** Says a result (a msg(), or a server's words) in a section's status line, as a success or a problem. */
export function say(line, text, isProblem = false) {
  delete line.dataset.listProblem;
  remember(line, text);
  line.textContent = render(text);
  line.classList.toggle('problem', Boolean(isProblem && text));
}

// What the result and problem lines say, to be said again in another language.
const said = new Map();

function remember(line, text) {
  if (text && typeof text === 'object') said.set(line, text);
  else said.delete(line);
}

onLanguage(() => {
  for (const [line, text] of said) line.textContent = render(text);
});
