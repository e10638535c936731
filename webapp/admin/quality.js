// Call quality: what the pages reported of their calls (call_stats) over the last hour on this
// instance, from the callQuality object of GET /admin/api. Each side of a call reports on its own.
// Every value element has data-quality (its key in callQuality, e.g. "setupP50Ms",
// "failures.timeout") and data-value (the number as the server sent it, "" when there is none).
import { $, el } from './ui.js';
import { currentLanguage, number as formatted, t } from '../js/i18n.js';

// In the page's language (js/i18n.js), made when used: a change of language changes them.
const count = { format: (n) => formatted(n, { maximumFractionDigits: 0 }) };
const percent = { format: (n) => formatted(n, { style: 'percent', maximumFractionDigits: 1 }) };
const finePercent = { format: (n) => formatted(n, { style: 'percent', maximumFractionDigits: 2 }) };
const ms = {
  format: (n) => formatted(n, { style: 'unit', unit: 'millisecond', maximumFractionDigits: 0 }),
};
const seconds = {
  format: (n) =>
    formatted(n, { style: 'unit', unit: 'second', unitDisplay: 'long', maximumFractionDigits: 2 }),
};

/** A number, or null when it is missing or not a finite number. */
function number(value) {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** Milliseconds: "820 ms" below a second, "2.4 seconds" from a second on. */
function duration(value) {
  return value < 999.5 ? ms.format(value) : seconds.format(value / 1000);
}

const FIGURES = [
  ['attempts', 'admin.quality.attempts', count.format],
  ['connected', 'admin.quality.connected', count.format],
  ['setupP50Ms', 'admin.quality.setupP50', duration],
  ['setupP95Ms', 'admin.quality.setupP95', duration],
  ['relayedShare', 'admin.quality.relayed', percent.format],
  ['failureRate', 'admin.quality.failureRate', percent.format],
  ['rttP50Ms', 'admin.quality.rttP50', duration],
  ['lossP95', 'admin.quality.lossP95', finePercent.format],
  ['iceRestarts.succeeded', 'admin.quality.restartsSucceeded', count.format],
  ['iceRestarts.failed', 'admin.quality.restartsFailed', count.format],
];

/** The failures by reason; "of" is what their share is taken of (the key of its words). */
const FAILURES = [
  ['timeout', 'admin.quality.timeout', 'attempts', 'admin.quality.shareOfAttempts'],
  ['no_candidates', 'admin.quality.noCandidates', 'attempts', 'admin.quality.shareOfAttempts'],
  ['ice_failed', 'admin.quality.iceFailed', 'attempts', 'admin.quality.shareOfAttempts'],
  ['dropped', 'admin.quality.dropped', 'connected', 'admin.quality.shareOfConnected'],
];

/** callQuality["a.b"] as callQuality.a.b, as a number or null. */
function lookup(quality, key) {
  return number(key.split('.').reduce((object, part) => object?.[part], quality));
}

/** A value element: the number formatted, or "no data" when there is none. */
function value(name, key, raw, format) {
  return el(name, {
    class: raw === null ? 'none' : undefined,
    text: raw === null ? t('admin.quality.noData') : format(raw),
    'data-quality': key,
    'data-value': raw === null ? '' : String(raw),
  });
}

function period(minutes) {
  const length = number(minutes) ?? 60;
  return length === 60
    ? t('admin.quality.lastHour')
    : t('admin.quality.lastMinutes', { minutes: count.format(length) });
}

let drawn;

/** Draws the section from data.callQuality (absent on an older server). */
export function renderQuality(quality) {
  const key = currentLanguage() + JSON.stringify(quality ?? null);
  if (key === drawn) return; // unchanged: nothing is redrawn under a screen reader
  drawn = key;

  const known = quality !== null && typeof quality === 'object' && !Array.isArray(quality);
  const attempts = known ? lookup(quality, 'attempts') ?? 0 : 0;
  const later =
    known &&
    ['failures.dropped', 'iceRestarts.succeeded', 'iceRestarts.failed'].some(
      (path) => (lookup(quality, path) ?? 0) > 0,
    );
  const note = $('quality-note');
  if (!known) note.textContent = t('admin.quality.unknown');
  else if (attempts === 0) note.textContent = t('admin.quality.none', { period: period(quality.minutes) });
  else note.textContent = '';
  note.hidden = !note.textContent;
  $('quality-period').textContent = known
    ? t('admin.quality.period', { period: period(quality.minutes) })
    : '';

  const shown = known && (attempts > 0 || later);
  $('quality-figures').hidden = !shown;
  $('quality-failures-table').hidden = !shown;
  if (!shown) {
    // no stale figures left behind for a test or an assistive technology to find
    $('quality-figures').replaceChildren();
    $('quality-failures').replaceChildren();
    return;
  }

  $('quality-figures').replaceChildren(
    ...FIGURES.map(([path, label, format]) =>
      el('div', {}, el('dt', { text: t(label) }), value('dd', path, lookup(quality, path), format)),
    ),
  );
  $('quality-failures').replaceChildren(
    ...FAILURES.map(([reason, words, of, shareOf]) => {
      const sides = lookup(quality, `failures.${reason}`);
      const total = lookup(quality, of);
      const share = sides !== null && total ? sides / total : null;
      return el(
        'tr',
        {},
        el('th', { scope: 'row', text: t(words) }),
        el('td', {}, value('span', `failures.${reason}`, sides, count.format)),
        el('td', {
          class: share === null ? 'none' : undefined,
          text:
            share === null
              ? t('admin.quality.noData')
              : t(shareOf, { share: percent.format(share) }),
        }),
      );
    }),
  );
}
