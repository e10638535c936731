// Call quality: what the pages reported of their calls (call_stats) over the last hour on this
// instance, from the callQuality object of GET /admin/api. Each side of a call reports on its own.
// Every value element has data-quality (its key in callQuality, e.g. "setupP50Ms",
// "failures.timeout") and data-value (the number as the server sent it, "" when there is none).
import { $, el } from './ui.js';

const count = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });
const percent = new Intl.NumberFormat(undefined, { style: 'percent', maximumFractionDigits: 1 });
const finePercent = new Intl.NumberFormat(undefined, {
  style: 'percent',
  maximumFractionDigits: 2,
});
const ms = new Intl.NumberFormat(undefined, {
  style: 'unit',
  unit: 'millisecond',
  maximumFractionDigits: 0,
});
const seconds = new Intl.NumberFormat(undefined, {
  style: 'unit',
  unit: 'second',
  unitDisplay: 'long',
  maximumFractionDigits: 2,
});

/** A number, or null when it is missing or not a finite number. */
function number(value) {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** Milliseconds: "820 ms" below a second, "2.4 seconds" from a second on. */
function duration(value) {
  return value < 999.5 ? ms.format(value) : seconds.format(value / 1000);
}

const FIGURES = [
  ['attempts', 'Tried to connect', count.format],
  ['connected', 'Connected', count.format],
  ['setupP50Ms', 'Set-up time p50', duration],
  ['setupP95Ms', 'Set-up time p95', duration],
  ['relayedShare', 'Connected through TURN (relayed)', percent.format],
  ['failureRate', 'Failed to connect', percent.format],
  ['rttP50Ms', 'Round-trip time p50', duration],
  ['lossP95', 'Packet loss p95', finePercent.format],
  ['iceRestarts.succeeded', 'ICE restarts succeeded', count.format],
  ['iceRestarts.failed', 'ICE restarts failed', count.format],
];

/** The failures by reason; "of" is what their share is taken of. */
const FAILURES = [
  ['timeout', 'Timed out', 'attempts'],
  ['no_candidates', 'No route (no candidates)', 'attempts'],
  ['ice_failed', 'ICE failed', 'attempts'],
  ['dropped', 'Dropped after connecting', 'connected'],
];
const OF = { attempts: 'the sides that tried', connected: 'the connected sides' };

/** callQuality["a.b"] as callQuality.a.b, as a number or null. */
function lookup(quality, key) {
  return number(key.split('.').reduce((object, part) => object?.[part], quality));
}

/** A value element: the number formatted, or "no data" when there is none. */
function value(name, key, raw, format) {
  return el(name, {
    class: raw === null ? 'none' : undefined,
    text: raw === null ? 'no data' : format(raw),
    'data-quality': key,
    'data-value': raw === null ? '' : String(raw),
  });
}

function period(minutes) {
  const length = number(minutes) ?? 60;
  return length === 60 ? 'the last hour' : `the last ${count.format(length)} minutes`;
}

let drawn;

/** Draws the section from data.callQuality (absent on an older server). */
export function renderQuality(quality) {
  const key = JSON.stringify(quality ?? null);
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
  if (!known) note.textContent = 'This server does not report call quality yet.';
  else if (attempts === 0) note.textContent = `No calls reported in ${period(quality.minutes)}.`;
  else note.textContent = '';
  note.hidden = !note.textContent;
  $('quality-period').textContent = known ? `(${period(quality.minutes)}, this server)` : '';

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
      el('div', {}, el('dt', { text: label }), value('dd', path, lookup(quality, path), format)),
    ),
  );
  $('quality-failures').replaceChildren(
    ...FAILURES.map(([reason, words, of]) => {
      const sides = lookup(quality, `failures.${reason}`);
      const total = lookup(quality, of);
      const share = sides !== null && total ? sides / total : null;
      return el(
        'tr',
        {},
        el('th', { scope: 'row', text: words }),
        el('td', {}, value('span', `failures.${reason}`, sides, count.format)),
        el('td', {
          class: share === null ? 'none' : undefined,
          text: share === null ? 'no data' : `${percent.format(share)} of ${OF[of]}`,
        }),
      );
    }),
  );
}
