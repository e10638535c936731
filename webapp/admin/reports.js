// Reports: open or resolved, 50 a page, newest first. An open report is resolved from a dialog
// (dismiss, ban or shadow ban of the reported user, with scope, duration and a note), after a
// confirmation in words, by POST reports/ID/resolve.
import { api, moderator, nameProblem } from './http.js';
import {
  $, DURATION, confirmAction, durationWords, el, fieldProblem, reasonProblem, redraw, row, say,
  showPage, subjectWords, utc, wirePager,
} from './ui.js';

const view = { status: 'open', page: 0 };
const DONE = { dismiss: 'Dismissed', ban: 'Banned', shadow_ban: 'Shadow-banned' };
let resolving = null; // the report the dialog is open for
let acted = () => {};
let askName = () => {};

/**
 * Wires the list and the dialog: afterAction() refreshes what an action changes elsewhere,
 * needName(problem) asks for the moderator's name.
 */
export function setupReports(afterAction, needName) {
  acted = afterAction;
  askName = needName;
  for (const radio of document.querySelectorAll('input[name="reports-status"]')) {
    radio.addEventListener('change', () => {
      view.status = radio.value;
      view.page = 0;
      $('reports-caption').textContent = `${radio.value === 'open' ? 'Open' : 'Resolved'} reports, newest first`;
      loadReports();
    });
  }
  wirePager('reports', view, loadReports);
  $('reports').addEventListener('click', (event) => {
    const button = event.target.closest('button[data-report]');
    if (button) open(JSON.parse(button.dataset.report));
  });
  for (const radio of document.querySelectorAll('input[name="resolve-action"]')) {
    radio.addEventListener('change', actionChanged);
  }
  $('resolve-cancel').addEventListener('click', () => $('resolve-dialog').close());
  $('resolve-dialog').addEventListener('close', () => {
    resolving = null;
  });
  $('resolve-form').addEventListener('submit', (event) => {
    event.preventDefault();
    submit().catch((error) => fieldProblem($('resolve-error'), null, error.message));
  });
}

export async function loadReports() {
  let data;
  try {
    data = await api(`reports?status=${view.status}&page=${view.page}`);
  } catch (error) {
    if (error.status !== 401) {
      say($('reports-result'), `Cannot list reports: ${error.message}`, true);
      $('reports-result').dataset.listProblem = 'yes';
    }
    return;
  }
  if ($('reports-result').dataset.listProblem) {
    delete $('reports-result').dataset.listProblem;
    say($('reports-result'), '');
  }
  showPage('reports', data.page, data.more);
  const rows = data.reports.map((report) =>
    row(
      [
        utc(report.at),
        { class: 'id', text: report.reported },
        { class: 'id', text: report.reporter },
        { class: 'id', text: report.matchId },
        { class: 'reason', text: report.reason },
        `${report.reportersLastDay} ${report.reportersLastDay === 1 ? 'user' : 'users'}`,
        report.status === 'open' ? resolveButton(report) : resolution(report.resolution),
      ],
      { 'data-id': report.id },
    ),
  );
  const empty = view.status === 'open' ? 'No open reports.' : 'No resolved reports.';
  redraw($('reports'), data, rows, empty, 7);
}

function resolveButton(report) {
  return el('button', {
    type: 'button',
    class: 'secondary',
    text: 'Resolve…',
    'aria-label': `Resolve the report of user ${report.reported}`,
    'data-report': JSON.stringify(report),
    'data-focus': `resolve:${report.id}`,
  });
}

function resolution(made) {
  if (!made) return 'Resolved';
  const words = `${DONE[made.action] || made.action} by ${made.by}, `;
  return el(
    'span',
    {},
    words,
    utc(made.at),
    made.note ? `: ${made.note}` : '',
    made.banId ? ` (ban ${made.banId})` : '',
  );
}

function chosenAction() {
  return document.querySelector('input[name="resolve-action"]:checked').value;
}

function actionChanged() {
  const banning = chosenAction() !== 'dismiss';
  $('resolve-ban-fields').hidden = !banning;
  $('resolve-next').classList.toggle('danger', banning);
}

function open(report) {
  const problem = nameProblem(moderator());
  if (problem) {
    askName(problem);
    return;
  }
  resolving = { report };
  $('resolve-form').reset();
  fieldProblem($('resolve-error'), null, '');
  actionChanged();
  $('resolve-title').textContent = `Resolve the report of user ${report.reported}`;
  const others = report.reportersLastDay;
  $('resolve-summary').textContent =
    `Reported ${utc(report.at).textContent} by ${report.reporter}: “${report.reason}”. ` +
    `${others} distinct ${others === 1 ? 'user' : 'users'} reported this user in the last 24 hours.`;
  $('resolve-dialog').showModal();
  document.querySelector('input[name="resolve-action"]:checked').focus();
}

/** The order the form describes, or a problem shown next to its field. */
function order() {
  const action = chosenAction();
  const note = $('resolve-note').value;
  const problem = $('resolve-error');
  if (action === 'dismiss') {
    if (note.length > 500) return fieldProblem(problem, $('resolve-note'), 'The note is at most 500 characters.');
    return { action, note };
  }
  const duration = $('resolve-duration').value.trim();
  if (!DURATION.test(duration)) {
    return fieldProblem(problem, $('resolve-duration'), 'The duration is forever, or a number of minutes, hours or days: 30m, 24h, 7d.');
  }
  const noteProblem = reasonProblem(note, 'note', 'it is the reason the banned person is shown');
  if (noteProblem) return fieldProblem(problem, $('resolve-note'), noteProblem);
  return { action, scope: $('resolve-scope').value, duration, note };
}

function question(body, reported) {
  if (body.action === 'dismiss') return [`Dismiss the report of user ${reported}?`, 'Dismiss'];
  const verb = body.action === 'ban' ? 'Ban' : 'Shadow-ban';
  return [`${verb} ${subjectWords(body.scope, reported)} ${durationWords(body.duration)}?`, verb];
}

async function submit() {
  if (!resolving) return;
  const { report } = resolving;
  const body = order();
  if (!body) return;
  fieldProblem($('resolve-error'), null, '');
  const [text, yes] = question(body, report.reported);
  if (!(await confirmAction(text, yes))) return;
  const next = $('resolve-next');
  next.disabled = true;
  try {
    const answer = await api(`reports/${encodeURIComponent(report.id)}/resolve`, {
      method: 'POST',
      body,
    });
    $('resolve-dialog').close();
    const ban = answer.ban;
    const done =
      body.action === 'dismiss'
        ? `Dismissed the report of user ${report.reported}.`
        : `${DONE[body.action]} ${subjectWords(body.scope, report.reported)} ` +
          (ban && ban.until ? `until ${utc(ban.until).textContent}` : 'forever') +
          (ban ? ` (ban ${ban.id}).` : '.');
    say($('reports-result'), done);
    $('reports-result').focus();
    acted();
  } catch (error) {
    if (error.status === 401) return;
    if (error.field) {
      $('resolve-dialog').close();
      askName(error.message);
      return;
    }
    fieldProblem($('resolve-error'), null, error.message);
    if (error.status === 404 || error.status === 409) acted();
  } finally {
    next.disabled = false;
  }
}
