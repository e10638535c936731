// The audit log: what moderators (and the automatic protection) did, 50 a page, newest first.
import { api } from './http.js';
import { $, redraw, row, say, showPage, utc, wirePager } from './ui.js';
import { msg, t } from '../js/i18n.js';

const view = { page: 0 };
const ACTIONS = {
  resolve: 'admin.audit.resolve',
  ban: 'admin.audit.ban',
  shadow_ban: 'admin.audit.shadowBan',
  lift: 'admin.audit.lift',
};

export function setupAudit() {
  wirePager('audit', view, loadAudit);
}

export async function loadAudit() {
  let data;
  try {
    data = await api(`audit?page=${view.page}`);
  } catch (error) {
    if (error.status !== 401) {
      say($('audit-result'), msg('admin.audit.cannotRead', { error: error.message }), true);
    }
    return;
  }
  say($('audit-result'), '');
  showPage('audit', data.page, data.more);
  const rows = data.entries.map((entry) =>
    row([
      utc(entry.at),
      entry.moderator,
      ACTIONS[entry.action] ? t(ACTIONS[entry.action]) : entry.action,
      { class: 'id', text: entry.target },
      { class: 'reason', text: entry.detail },
    ]),
  );
  redraw($('audit'), data, rows, t('admin.audit.none'), 5);
}
