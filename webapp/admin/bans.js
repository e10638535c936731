// Bans: those in force or all, 50 a page, newest first; Lift on each ban in force (DELETE bans/ID),
// and a form that adds one (POST bans), each after a confirmation in words.
import { api, moderator, nameProblem } from './http.js';
import {
  $, DURATION, confirmAction, durationWords, el, fieldProblem, reasonProblem, redraw, row, say,
  showPage, subjectWords, utc, wirePager,
} from './ui.js';
import { msg, t } from '../js/i18n.js';

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
      $('bans-caption').textContent = t(
        radio.value === 'active' ? 'admin.bans.captionActive' : 'admin.bans.captionAll',
      );
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
      say($('bans-result'), msg('admin.bans.cannotList', { error: error.message }), true);
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
        ban.until ? utc(ban.until) : t('admin.duration.forever'),
        t(ban.shadow ? 'admin.bans.shadowScope' : 'admin.bans.scopeOnly', { scope: scopeWord(ban.scope) }),
        { class: 'id', text: ban.userId || '—' },
        { class: 'reason', text: ban.reason },
        ban.by,
        state(ban),
      ],
      { 'data-id': ban.id },
    ),
  );
  const empty = t(view.status === 'active' ? 'admin.bans.noneActive' : 'admin.bans.none');
  redraw($('bans'), data, rows, empty, 7);
}

const SCOPES = { user: 'admin.scope.user', device: 'admin.scope.device', network: 'admin.scope.network' };

const scopeWord = (scope) => (SCOPES[scope] ? t(SCOPES[scope]) : scope);

/** "ban of user X", "shadow ban of user X's device". */
function describe(ban) {
  const subject = subjectWords(ban.scope, ban.userId || t('admin.bans.unknownUser'));
  return t(ban.shadow ? 'admin.bans.describeShadow' : 'admin.bans.describe', { subject });
}

function state(ban) {
  if (ban.liftedAt) {
    return el('span', {}, t('admin.bans.liftedBy', { name: ban.liftedBy }), ' ', utc(ban.liftedAt));
  }
  if (!ban.active) return t('admin.bans.ended');
  return el(
    'span',
    { class: 'row' },
    t('admin.bans.inForce'),
    ' ',
    el('button', {
      type: 'button',
      class: 'secondary',
      text: t('admin.bans.lift'),
      'aria-label': t('admin.bans.liftLabel', { ban: describe(ban) }),
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
  const question = ban.until
    ? t('admin.bans.liftUntil', { ban: describe(ban), until: utc(ban.until).textContent })
    : t('admin.bans.liftForever', { ban: describe(ban) });
  if (!(await confirmAction(question, t('admin.bans.liftYes')))) return;
  try {
    const answer = await api(`bans/${encodeURIComponent(ban.id)}`, { method: 'DELETE' });
    say($('bans-result'), msg('admin.bans.lifted', { ban: describe(answer.ban) }));
  } catch (error) {
    if (error.status === 401) return;
    if (error.field) {
      askName(error.message);
      return;
    }
    say($('bans-result'), msg('admin.bans.cannotLift', { ban: describe(ban), error: error.message }), true);
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
    return fieldProblem(problem, $('ban-subject'), msg('admin.banForm.subjectWrong'));
  }
  const duration = $('ban-duration').value.trim();
  if (!DURATION.test(duration)) {
    return fieldProblem(problem, $('ban-duration'), msg('admin.duration.wrong'));
  }
  const reason = $('ban-reason').value;
  const reasonWrong = reasonProblem(reason, {
    missing: 'admin.banForm.reasonMissing',
    long: 'admin.banForm.reasonLong',
    control: 'admin.banForm.reasonControl',
  });
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
  const subject = subjectWords(body.scope, body.subject, body.wide);
  const duration = durationWords(body.duration);
  const question = t(body.shadow ? 'admin.confirm.shadowBan' : 'admin.confirm.ban', { subject, duration });
  const yes = t(body.shadow ? 'admin.confirm.shadowBanYes' : 'admin.confirm.banYes');
  if (!(await confirmAction(question, yes))) return;
  const button = $('ban-add');
  button.disabled = true;
  try {
    const { ban } = await api('bans', { method: 'POST', body });
    $('ban-form').reset();
    scopeChanged();
    const words = { ban: describe(ban), id: ban.id };
    say(
      $('bans-result'),
      ban.until
        ? msg('admin.bans.addedUntil', { ...words, until: utc(ban.until).textContent })
        : msg('admin.bans.addedForever', words),
    );
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
