// The audit log: what moderators (and the automatic protection) did, 50 a page, newest first.
import { api } from './http.js';
import { $, redraw, row, say, showPage, utc, wirePager } from './ui.js';

const view = { page: 0 };
const ACTIONS = {
  resolve: 'Resolved a report',
  ban: 'Ban',
  shadow_ban: 'Shadow ban',
  lift: 'Lifted a ban',
};

export function setupAudit() {
  wirePager('audit', view, loadAudit);
}

export async function loadAudit() {
  let data;
  try {
    data = await api(`audit?page=${view.page}`);
  } catch (error) {
    if (error.status !== 401) say($('audit-result'), `Cannot read the audit log: ${error.message}`, true);
    return;
  }
  say($('audit-result'), '');
  showPage('audit', data.page, data.more);
  const rows = data.entries.map((entry) =>
    row([
      utc(entry.at),
      entry.moderator,
      ACTIONS[entry.action] || entry.action,
      { class: 'id', text: entry.target },
      { class: 'reason', text: entry.detail },
    ]),
  );
  redraw($('audit'), data, rows, 'Nothing yet.', 5);
}
