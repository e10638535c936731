// The admin page: asks for the token once per tab, then polls /admin/api every 5 s.
const KEY = 'duet.adminToken';
const SVG = 'http://www.w3.org/2000/svg';
const $ = (id) => document.getElementById(id);
let timer = null;

const LABELS = {
  open_connections: 'Open connections',
  active_users: 'Sessions',
  waiting_users: 'Waiting for a stranger',
  active_matches: 'Matches in progress',
  matches_made: 'Matches made',
  skips: 'Skips',
  active_rooms: 'Active rooms',
  empty_rooms: 'Empty rooms',
  wait_avg_ms: 'Average wait (ms)',
  wait_p95_ms: 'p95 wait (ms)',
  pending_writes: 'Pending DB writes',
  persistence_lag_ms: 'DB lag (ms)',
  server_uptime: 'Uptime (s)',
};

function takeTokenFromAddress() {
  const query = new URLSearchParams(location.search);
  const hash = new URLSearchParams(location.hash.slice(1));
  const token = hash.get('token') || query.get('token');
  if (token) {
    sessionStorage.setItem(KEY, token);
    history.replaceState(null, '', location.pathname);
  }
}

function showLogin(message) {
  clearTimeout(timer);
  $('dashboard').hidden = true;
  $('login').hidden = false;
  $('status').textContent = message;
  $('token').focus();
}

async function refresh() {
  const token = sessionStorage.getItem(KEY);
  if (!token) {
    showLogin('Enter the admin token.');
    return;
  }
  try {
    const response = await fetch('api', {
      headers: { Authorization: `Bearer ${token}` },
      cache: 'no-store',
    });
    if (response.status === 401) {
      sessionStorage.removeItem(KEY);
      showLogin('That token was refused. Enter the admin token.');
      return;
    }
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    render(await response.json());
    $('status').textContent = `Updated ${new Date().toLocaleTimeString()}.`;
  } catch (error) {
    $('status').textContent = `Cannot reach the server (${error.message}); retrying.`;
  }
  timer = setTimeout(refresh, 5000);
}

function render(data) {
  $('login').hidden = true;
  $('dashboard').hidden = false;
  const counters = $('counters');
  counters.replaceChildren(
    ...Object.entries(LABELS)
      .filter(([key]) => key in data.counters)
      .map(([key, label]) => {
        const item = document.createElement('div');
        const dt = document.createElement('dt');
        const dd = document.createElement('dd');
        dt.textContent = label;
        dd.textContent = Number(data.counters[key]).toLocaleString();
        dd.dataset.counter = key;
        item.append(dt, dd);
        return item;
      }),
  );
  chart(data.lastHour);
  reports(data.reports);
}

function svg(name, attributes, text) {
  const element = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, value);
  if (text !== undefined) element.textContent = text;
  return element;
}

function chart(minutes) {
  const width = 600, height = 220, left = 40, right = 40, top = 10, bottom = 30;
  const plotWidth = width - left - right, plotHeight = height - top - bottom;
  const maxMatches = Math.max(1, ...minutes.map((m) => m.matches));
  const maxConnections = Math.max(1, ...minutes.map((m) => m.connections));
  const step = plotWidth / 60;
  const parts = [
    svg('line', { class: 'axis', x1: left, y1: top + plotHeight, x2: left + plotWidth, y2: top + plotHeight }),
    svg('text', { x: 0, y: top + 10 }, String(maxMatches)),
    svg('text', { x: width - right + 4, y: top + 10 }, String(maxConnections)),
    svg('text', { x: left, y: height - 8 }, '−60 min'),
    svg('text', { x: left + plotWidth - 30, y: height - 8 }, 'now'),
  ];
  const offset = 60 - minutes.length;
  const points = [];
  minutes.forEach((minute, i) => {
    const x = left + (offset + i) * step;
    const barHeight = (minute.matches / maxMatches) * plotHeight;
    const bar = svg('rect', {
      class: 'matches', x: x + 1, y: top + plotHeight - barHeight,
      width: Math.max(1, step - 2), height: barHeight,
    });
    bar.append(svg('title', {}, `${minute.at}: ${minute.matches} matches, ${minute.connections} connections`));
    parts.push(bar);
    points.push(`${x + step / 2},${top + plotHeight - (minute.connections / maxConnections) * plotHeight}`);
  });
  if (points.length) parts.push(svg('polyline', { class: 'connections', points: points.join(' ') }));
  $('chart').replaceChildren($('chart-title'), ...parts);
}

function reports(data) {
  const problem = $('reports-problem');
  problem.hidden = !data.problem;
  problem.textContent = data.problem || '';
  const rows = data.latest.map((report) => {
    const row = document.createElement('tr');
    for (const [value, className] of [
      [report.at.replace('T', ' ').replace(/\.\d+Z$|Z$/, ''), ''],
      [report.reporter, ''], [report.reported, ''], [report.matchId, ''], [report.reason, 'reason'],
    ]) {
      const cell = document.createElement('td');
      cell.textContent = value;
      if (className) cell.className = className;
      row.append(cell);
    }
    return row;
  });
  if (!rows.length) {
    const row = document.createElement('tr');
    const cell = document.createElement('td');
    cell.colSpan = 5;
    cell.textContent = 'No reports.';
    row.append(cell);
    rows.push(row);
  }
  $('reports').replaceChildren(...rows);
}

$('login').addEventListener('submit', (event) => {
  event.preventDefault();
  sessionStorage.setItem(KEY, $('token').value);
  $('token').value = '';
  refresh();
});
$('logout').addEventListener('click', () => {
  sessionStorage.removeItem(KEY);
  showLogin('Token forgotten.');
});

takeTokenFromAddress();
refresh();
