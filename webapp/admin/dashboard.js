// The dashboard: the live counters, the last hour's chart and call quality, from GET /admin/api.
import { $, el } from './ui.js';
import { renderQuality } from './quality.js';
import { number, t, utcTime } from '../js/i18n.js';

const SVG = 'http://www.w3.org/2000/svg';

const LABELS = {
  open_connections: 'admin.counter.openConnections',
  active_users: 'admin.counter.sessions',
  waiting_users: 'admin.counter.waiting',
  active_matches: 'admin.counter.activeMatches',
  matches_made: 'admin.counter.matchesMade',
  skips: 'admin.counter.skips',
  active_rooms: 'admin.counter.activeRooms',
  empty_rooms: 'admin.counter.emptyRooms',
  wait_avg_ms: 'admin.counter.waitAverage',
  wait_p95_ms: 'admin.counter.waitP95',
  pending_writes: 'admin.counter.pendingWrites',
  persistence_lag_ms: 'admin.counter.persistenceLag',
  server_uptime: 'admin.counter.uptime',
};

export function renderDashboard(data) {
  $('counters').replaceChildren(
    ...Object.entries(LABELS)
      .filter(([key]) => key in data.counters)
      .map(([key, label]) => {
        const value = el('dd', { text: number(Number(data.counters[key])) });
        value.dataset.counter = key;
        return el('div', {}, el('dt', { text: t(label) }), value);
      }),
  );
  chart(data.lastHour);
  renderQuality(data.callQuality);
  const problem = $('reports-problem');
  problem.hidden = !data.reports.problem;
  problem.textContent = data.reports.problem || '';
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
    svg('text', { x: 0, y: top + 10 }, number(maxMatches)),
    svg('text', { x: width - right + 4, y: top + 10 }, number(maxConnections)),
    svg('text', { x: left, y: height - 8 }, t('admin.chart.start', { minutes: number(60) })),
    svg('text', { x: left + plotWidth, y: height - 8, 'text-anchor': 'end' }, t('admin.chart.now')),
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
    bar.append(
      svg(
        'title',
        {},
        t('admin.chart.minute', {
          at: Number.isNaN(Date.parse(minute.at)) ? minute.at : utcTime(new Date(minute.at)),
          matches: number(minute.matches),
          connections: number(minute.connections),
        }),
      ),
    );
    parts.push(bar);
    points.push(`${x + step / 2},${top + plotHeight - (minute.connections / maxConnections) * plotHeight}`);
  });
  if (points.length) parts.push(svg('polyline', { class: 'connections', points: points.join(' ') }));
  $('chart').replaceChildren($('chart-title'), ...parts);
}
