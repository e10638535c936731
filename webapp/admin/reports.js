// Reports: open or resolved, 50 a page, newest first. An open report is resolved from a dialog
// (dismiss, ban or shadow ban of the reported user, with scope, duration and a note), after a
// confirmation in words, by POST reports/ID/resolve.
import { api, moderator, nameProblem } from './http.js';
import {
  $, DURATION, confirmAction, durationWords, el, fieldProblem, reasonProblem, redraw, row, say,
  showPage, subjectWords, utc, wirePager,
} from './ui.js';
import { msg, t, tn } from '../js/i18n.js';

const view = { status: 'open', page: 0 };
const DONE = {
  dismiss: 'admin.reports.dismissed',
  ban: 'admin.reports.banned',
  shadow_ban: 'admin.reports.shadowBanned',
};
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
      $('reports-caption').textContent = t(
        radio.value === 'open' ? 'admin.reports.captionOpen' : 'admin.reports.captionResolved',
      );
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
      say($('reports-result'), msg('admin.reports.cannotList', { error: error.message }), true);
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
        tn('admin.reports.users', report.reportersLastDay),
        report.status === 'open' ? resolveButton(report) : resolution(report.resolution),
      ],
      { 'data-id': report.id },
    ),
  );
  const empty = t(view.status === 'open' ? 'admin.reports.noneOpen' : 'admin.reports.noneResolved');
  redraw($('reports'), data, rows, empty, 7);
}

function resolveButton(report) {
  return el('button', {
    type: 'button',
    class: 'secondary',
    text: t('admin.reports.resolve'),
    'aria-label': t('admin.reports.resolveLabel', { user: report.reported }),
    'data-report': JSON.stringify(report),
    'data-focus': `resolve:${report.id}`,
  });
}

function resolution(made) {
  if (!made) return t('admin.reports.resolvedPlain');
  const action = DONE[made.action] ? t(DONE[made.action]) : made.action;
  return el(
    'span',
    {},
    t('admin.reports.resolvedBy', { action, name: made.by }),
    ' ',
    utc(made.at),
    made.note ? t('admin.reports.resolvedNote', { note: made.note }) : '',
    made.banId ? t('admin.reports.resolvedBan', { id: made.banId }) : '',
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
  $('resolve-title').textContent = t('admin.reports.resolveLabel', { user: report.reported });
  $('resolve-summary').textContent = [
    t('admin.resolve.summary', {
      when: utc(report.at).textContent,
      reporter: report.reporter,
      reason: report.reason,
    }),
    tn('admin.resolve.others', report.reportersLastDay),
  ].join(' ');
  $('resolve-dialog').showModal();
  document.querySelector('input[name="resolve-action"]:checked').focus();
}

/** The order the form describes, or a problem shown next to its field. */
function order() {
  const action = chosenAction();
  const note = $('resolve-note').value;
  const problem = $('resolve-error');
  if (action === 'dismiss') {
    if (note.length > 500) {
      return fieldProblem(problem, $('resolve-note'), msg('admin.resolve.noteLong', { max: 500 }));
    }
    return { action, note };
  }
  const duration = $('resolve-duration').value.trim();
  if (!DURATION.test(duration)) {
    return fieldProblem(problem, $('resolve-duration'), msg('admin.duration.wrong'));
  }
  const noteProblem = reasonProblem(note, {
    missing: 'admin.resolve.noteMissing',
    long: 'admin.resolve.noteLong',
    control: 'admin.resolve.noteControl',
  });
  if (noteProblem) return fieldProblem(problem, $('resolve-note'), noteProblem);
  return { action, scope: $('resolve-scope').value, duration, note };
}

function question(body, reported) {
  if (body.action === 'dismiss') {
    return [t('admin.confirm.dismiss', { user: reported }), t('admin.confirm.dismissYes')];
  }
  const shadow = body.action === 'shadow_ban';
  const words = { subject: subjectWords(body.scope, reported), duration: durationWords(body.duration) };
  return [
    t(shadow ? 'admin.confirm.shadowBan' : 'admin.confirm.ban', words),
    t(shadow ? 'admin.confirm.shadowBanYes' : 'admin.confirm.banYes'),
  ];
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
    const subject = subjectWords(body.scope, report.reported);
    const shadow = body.action === 'shadow_ban';
    const done =
      body.action === 'dismiss'
        ? msg('admin.reports.doneDismiss', { user: report.reported })
        : ban && ban.until
          ? msg(shadow ? 'admin.reports.doneShadowBanUntil' : 'admin.reports.doneBanUntil', {
              subject,
              until: utc(ban.until).textContent,
              id: ban.id,
            })
          : msg(shadow ? 'admin.reports.doneShadowBanForever' : 'admin.reports.doneBanForever', {
              subject,
              id: ban ? ban.id : '—',
            });
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
