// Bans: those in force or all, 50 a page, newest first; Lift on each ban in force (DELETE bans/ID),
// and a form that adds one (POST bans), each after a confirmation in words.
import { api, moderator, nameProblem } from './http.js';
import {
  $, DURATION, confirmAction, durationWords, el, fieldProblem, reasonProblem, redraw, row, say,
  showPage, subjectWords, utc, wirePager,
} from './ui.js';

const view = { status: 'active', page: 0 };
const SUBJECT = /^[A-Za-z0-9_-]{1,64}$/;
let acted = () => {};
let askName = () => {};

/**
 * Wires the list, Lift and the form: afterAction() refreshes what an action changes elsewhere,
 * needName(problem) asks for the moderator's name.
 */
export function setupBans(afterAction, needName) {
  acted = afterAction;
  askName = needName;
  for (const radio of document.querySelectorAll('input[name="bans-status"]')) {
    radio.addEventListener('change', () => {
      view.status = radio.value;
      view.page = 0;
      $('bans-caption').textContent = `${radio.value === 'active' ? 'Bans in force' : 'All bans'}, newest first`;
      loadBans();
    });
  }
  wirePager('bans', view, loadBans);
  $('bans').addEventListener('click', (event) => {
    const button = event.target.closest('button[data-ban]');
    if (button) lift(JSON.parse(button.dataset.ban)).catch((e) => say($('bans-result'), e.message, true));
  });
  $('ban-scope').addEventListener('change', scopeChanged);
  $('ban-form').addEventListener('submit', (event) => {
    event.preventDefault();
    add().catch((error) => fieldProblem($('ban-error'), null, error.message));
  });
  scopeChanged();
}

export async function loadBans() {
  let data;
  try {
    data = await api(`bans?status=${view.status}&page=${view.page}`);
  } catch (error) {
    if (error.status !== 401) {
      say($('bans-result'), `Cannot list bans: ${error.message}`, true);
      $('bans-result').dataset.listProblem = 'yes';
    }
    return;
  }
  if ($('bans-result').dataset.listProblem) {
    delete $('bans-result').dataset.listProblem;
    say($('bans-result'), '');
  }
  showPage('bans', data.page, data.more);
  const rows = data.bans.map((ban) =>
    row(
      [
        utc(ban.at),
        ban.until ? utc(ban.until) : 'forever',
        `${ban.shadow ? 'shadow ban, ' : ''}${ban.scope}`,
        { class: 'id', text: ban.userId || '—' },
        { class: 'reason', text: ban.reason },
        ban.by,
        state(ban),
      ],
      { 'data-id': ban.id },
    ),
  );
  const empty = view.status === 'active' ? 'No bans in force.' : 'No bans.';
  redraw($('bans'), data, rows, empty, 7);
}

function describe(ban) {
  const what = subjectWords(ban.scope, ban.userId || '(unknown)');
  return `${ban.shadow ? 'shadow ban' : 'ban'} of ${what}`;
}

function state(ban) {
  if (ban.liftedAt) return el('span', {}, `Lifted by ${ban.liftedBy}, `, utc(ban.liftedAt));
  if (!ban.active) return 'Ended';
  return el(
    'span',
    { class: 'row' },
    'In force ',
    el('button', {
      type: 'button',
      class: 'secondary',
      text: 'Lift',
      'aria-label': `Lift the ${describe(ban)}`,
      'data-ban': JSON.stringify(ban),
      'data-focus': `lift:${ban.id}`,
    }),
  );
}

async function lift(ban) {
  const problem = nameProblem(moderator());
  if (problem) {
    askName(problem);
    return;
  }
  const until = ban.until ? `, until ${utc(ban.until).textContent}` : ', forever';
  if (!(await confirmAction(`Lift the ${describe(ban)}${until}?`, 'Lift ban'))) return;
  try {
    const answer = await api(`bans/${encodeURIComponent(ban.id)}`, { method: 'DELETE' });
    say($('bans-result'), `Lifted the ${describe(answer.ban)}.`);
  } catch (error) {
    if (error.status === 401) return;
    if (error.field) {
      askName(error.message);
      return;
    }
    say($('bans-result'), `Cannot lift the ${describe(ban)}: ${error.message}`, true);
  }
  $('bans-result').focus();
  acted();
}

function scopeChanged() {
  const network = $('ban-scope').value === 'network';
  $('ban-wide').disabled = !network;
  if (!network) $('ban-wide').checked = false;
}

/** The ban the form describes, or a problem shown next to its field. */
function order() {
  const problem = $('ban-error');
  const subject = $('ban-subject').value.trim();
  if (!SUBJECT.test(subject)) {
    return fieldProblem(problem, $('ban-subject'), 'A user ID is 1 to 64 letters, digits, _ and -.');
  }
  const duration = $('ban-duration').value.trim();
  if (!DURATION.test(duration)) {
    return fieldProblem(problem, $('ban-duration'), 'The duration is forever, or a number of minutes, hours or days: 30m, 24h, 7d.');
  }
  const reason = $('ban-reason').value;
  const reasonWrong = reasonProblem(reason, 'reason', 'it is shown to the banned person');
  if (reasonWrong) return fieldProblem(problem, $('ban-reason'), reasonWrong);
  const scope = $('ban-scope').value;
  const shadow = $('ban-shadow').checked;
  const wide = scope === 'network' && $('ban-wide').checked;
  return { scope, subject, duration, reason, shadow, wide };
}

async function add() {
  const nameWrong = nameProblem(moderator());
  if (nameWrong) {
    askName(nameWrong);
    return;
  }
  const body = order();
  if (!body) return;
  fieldProblem($('ban-error'), null, '');
  const verb = body.shadow ? 'Shadow-ban' : 'Ban';
  const what = subjectWords(body.scope, body.subject, body.wide);
  if (!(await confirmAction(`${verb} ${what} ${durationWords(body.duration)}?`, verb))) return;
  const button = $('ban-add');
  button.disabled = true;
  try {
    const { ban } = await api('bans', { method: 'POST', body });
    $('ban-form').reset();
    scopeChanged();
    const until = ban.until ? `until ${utc(ban.until).textContent}` : 'forever';
    say($('bans-result'), `Added a ${describe(ban)}, ${until} (ban ${ban.id}).`);
    $('bans-result').focus();
    acted();
  } catch (error) {
    if (error.status === 401) return;
    if (error.field) {
      askName(error.message);
      return;
    }
    fieldProblem($('ban-error'), null, error.message);
  } finally {
    button.disabled = false;
  }
}
