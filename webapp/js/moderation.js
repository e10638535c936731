// Report and Block, for the stranger you are talking to or the one you just talked to: a report
// names a reason (picked from a few, with optional words of your own) and, like a block, keeps the
// two of you apart; the page says so in words and moves on to the next stranger.
import { $, addMessage, problem, show } from './view.js';
import { msg, onLanguage, t, utcDate, utcTime } from './i18n.js';

const MAX_REASON = 500;

let target = null; // { peerId, matchId, live }
let chosen = null; // the target when a dialog opened: a match made meanwhile changes nothing
let onDone = () => {};

/** Who Report and Block act on: the partner of a call that began, live until the call ends. */
export function meet({ peerId, matchId }) {
  target = { peerId, matchId, live: true };
  label();
}

/** The call with the current target ended: Report and Block now mean the last person. */
export function parted() {
  if (target) target.live = false;
  label();
}

/** Nobody to report any more (back home, or a room call). */
export function forget() {
  target = null;
  label();
}

function label() {
  show('report', Boolean(target));
  show('block', Boolean(target));
  if (!target) return;
  const words = target.live
    ? {
        report: ['moderation.report', 'moderation.reportLabel'],
        block: ['moderation.block', 'moderation.blockLabel'],
      }
    : {
        report: ['moderation.reportLast', 'moderation.reportLastLabel'],
        block: ['moderation.blockLast', 'moderation.blockLastLabel'],
      };
  for (const [id, [text, name]] of Object.entries(words)) {
    $(id).textContent = t(text);
    $(id).setAttribute('aria-label', t(name));
  }
}

onLanguage(label);

function reasonText() {
  const picked = document.querySelector('input[name="report-reason"]:checked');
  const words = $('report-text').value.trim();
  const reason = words ? `${picked.value}: ${words}` : picked.value;
  return reason.slice(0, MAX_REASON);
}

/**
 * Wires the buttons and dialogs to the signaling connection; next() moves on to the next stranger
 * once the server has recorded the report or block (which ended the match if it was still on).
 */
export function setupModeration(signaling, next) {
  onDone = next;
  $('report').addEventListener('click', () => {
    chosen = target;
    $('report-form').reset();
    $('report-dialog').showModal();
  });
  $('block').addEventListener('click', () => {
    chosen = target;
    $('block-dialog').showModal();
  });
  $('report-cancel').addEventListener('click', () => $('report-dialog').close());
  $('block-cancel').addEventListener('click', () => $('block-dialog').close());

  $('report-form').addEventListener('submit', (event) => {
    event.preventDefault();
    $('report-dialog').close();
    if (!chosen) return;
    const { peerId, matchId } = chosen;
    signaling.send('report_peer', { payload: { peerId, matchId, reason: reasonText() } });
  });
  $('block-form').addEventListener('submit', (event) => {
    event.preventDefault();
    $('block-dialog').close();
    if (!chosen) return;
    signaling.send('block_peer', { payload: { peerId: chosen.peerId } });
  });

  signaling.addEventListener('ack', ({ detail }) => {
    const { of, peerId } = detail.payload || {};
    if (!chosen || peerId !== chosen.peerId) return;
    const text =
      of === 'report_peer'
        ? msg('moderation.reported')
        : of === 'block_peer'
          ? msg('moderation.blocked')
          : null;
    if (!text) return;
    problem('');
    addMessage(text, 'system');
    const wasCurrent = target && target.peerId === chosen.peerId;
    chosen = null;
    if (!wasCurrent) return;
    forget();
    onDone();
  });
}

/**
 * What the page says of a 4403 close: its reason is "banned until 2026-12-06T14:05:00Z: REASON" or
 * "banned: REASON"; the time is shown in UTC (24-hour), with its date unless it is today.
 */
export function bannedText(reason) {
  const found = /^banned(?: until (\S+?))?: ([\s\S]*)$/.exec(reason || '');
  if (!found) return msg('banned.plain');
  if (!found[1]) return msg('banned.reason', { reason: found[2] });
  const until = new Date(found[1]);
  if (Number.isNaN(until.getTime())) return msg('banned.reason', { reason: found[2] });
  const time = utcTime(until);
  if (new Date().toISOString().slice(0, 10) === until.toISOString().slice(0, 10)) {
    return msg('banned.untilTime', { time, reason: found[2] });
  }
  return msg('banned.untilDate', { date: utcDate(until), time, reason: found[2] });
}
