// The admin page: asks for the token and the moderator's name once per tab, then refreshes the
// dashboard, the reports, the bans and the audit log every 5 s (a list is redrawn only when it
// changed), and after each moderator action.
import { api, moderator, nameProblem, setModerator, setToken, token, whenRefused } from './http.js';
import { renderDashboard } from './dashboard.js';
import { loadReports, setupReports } from './reports.js';
import { loadBans, setupBans } from './bans.js';
import { loadAudit, setupAudit } from './audit.js';
import { $, fieldProblem, say } from './ui.js';

let timer = null;
let signedIn = false;
let unreachable = false;

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
  $('status').textContent = message;
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
    showLogin('Enter the admin token.');
    return;
  }
  try {
    const data = await api('');
    if (!signedIn) {
      signedIn = true;
      $('login').hidden = true;
      $('dashboard').hidden = false;
      $('moderator').value = moderator();
      $('status').textContent = nameProblem(moderator())
        ? 'Signed in. Enter your moderator name to act on reports and bans.'
        : `Signed in as ${moderator()}.`;
    } else if (unreachable) {
      $('status').textContent = 'Connected to the server again.';
    }
    unreachable = false;
    renderDashboard(data);
    await lists();
    if (!signedIn) return; // a list was refused the token: the sign-in form is back
    $('updated').textContent = `(updated ${new Date().toISOString().slice(11, 19)} UTC)`;
  } catch (error) {
    if (error.status === 401) return;
    unreachable = true;
    $('status').textContent = `${error.message} Retrying in 5 seconds.`;
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
  $('status').textContent = 'Signing in…';
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
  $('status').textContent = `Signed in as ${name}.`;
});

$('logout').addEventListener('click', () => {
  setToken(null);
  showLogin('Token forgotten.');
});

whenRefused(showLogin);
setupReports(lists, askName);
setupBans(lists, askName);
setupAudit();
takeTokenFromAddress();
refresh();
