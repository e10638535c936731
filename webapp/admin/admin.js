// The admin page: asks for the token and the moderator's name once per tab, then refreshes the
// dashboard, the reports, the bans and the audit log every 5 s (a list is redrawn only when it
// changed), and after each moderator action.
import { api, moderator, nameProblem, setModerator, setToken, token, whenRefused } from './http.js';
import { renderDashboard } from './dashboard.js';
import { loadReports, setupReports } from './reports.js';
import { loadBans, setupBans } from './bans.js';
import { loadAudit, setupAudit } from './audit.js';
import { $, fieldProblem, say } from './ui.js';
import { languageSwitcher, msg, onLanguage, render, reveal, startLanguage, t, utcTime } from '../js/i18n.js';

await startLanguage();

let timer = null;
let signedIn = false;
let unreachable = false;
let status = null;
let updated = null;

/** Says words (a msg(), or a server's words) in the status line, again when the language changes. */
function tell(text) {
  status = text;
  $('status').textContent = render(text);
}

function takeTokenFromAddress() {
  const query = new URLSearchParams(location.search);
  const hash = new URLSearchParams(location.hash.slice(1));
  const found = hash.get('token') || query.get('token');
  if (found) {
    setToken(found);
    history.replaceState(null, '', location.pathname);
  }
}

function showLogin(message) {
  clearTimeout(timer);
  signedIn = false;
  for (const dialog of document.querySelectorAll('dialog[open]')) dialog.close();
  $('dashboard').hidden = true;
  $('login').hidden = false;
  $('login-name').value = moderator();
  tell(message);
  $('token').focus();
}

/** Asks for the moderator's name: says why next to the field and moves the focus there. */
function askName(problem) {
  say($('moderator-result'), problem, true);
  $('moderator').setAttribute('aria-invalid', 'true');
  $('moderator').focus();
}

function lists() {
  return Promise.all([loadReports(), loadBans(), loadAudit()]);
}

async function refresh() {
  clearTimeout(timer);
  if (!token()) {
    showLogin(msg('admin.status.enterToken'));
    return;
  }
  try {
    const data = await api('');
    if (!signedIn) {
      signedIn = true;
      $('login').hidden = true;
      $('dashboard').hidden = false;
      $('moderator').value = moderator();
      tell(
        nameProblem(moderator())
          ? msg('admin.status.signedInNoName')
          : msg('admin.status.signedIn', { name: moderator() }),
      );
    } else if (unreachable) {
      tell(msg('admin.status.reconnected'));
    }
    unreachable = false;
    renderDashboard(data);
    await lists();
    if (!signedIn) return; // a list was refused the token: the sign-in form is back
    updated = new Date();
    $('updated').textContent = t('admin.status.updated', { time: utcTime(updated, true) });
  } catch (error) {
    if (error.status === 401) return;
    unreachable = true;
    tell(msg('admin.status.retrying', { error: error.message, seconds: 5 }));
  }
  timer = setTimeout(refresh, 5000);
}

$('login').addEventListener('submit', (event) => {
  event.preventDefault();
  const name = $('login-name').value.trim();
  const problem = name ? setModerator(name) : null;
  if (problem) {
    fieldProblem($('login-problem'), $('login-name'), problem);
    return;
  }
  fieldProblem($('login-problem'), null, '');
  setToken($('token').value);
  $('token').value = '';
  tell(msg('admin.status.signingIn'));
  refresh();
});

$('moderator-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const name = $('moderator').value.trim();
  const problem = setModerator(name);
  if (problem) {
    askName(problem);
    return;
  }
  $('moderator').value = name;
  $('moderator').removeAttribute('aria-invalid');
  say($('moderator-result'), '');
  tell(msg('admin.status.signedIn', { name }));
});

$('logout').addEventListener('click', () => {
  setToken(null);
  showLogin(msg('admin.status.forgotten'));
});

whenRefused(showLogin);
setupReports(lists, askName);
setupBans(lists, askName);
setupAudit();
languageSwitcher($('language'));
onLanguage(() => {
  if (status) $('status').textContent = render(status);
  if (updated) $('updated').textContent = t('admin.status.updated', { time: utcTime(updated, true) });
  if (signedIn) refresh();
});
takeTokenFromAddress();
refresh();
reveal();
