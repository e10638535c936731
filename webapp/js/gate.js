// The bot gate (BOT_GATE=pow): the session frame's challenge is solved in a Web Worker as soon as it
// arrives, and the solution sent (solve_challenge); talking to a stranger waits for the server's ack.
// A session that has passed gets no challenge, nor does one on a server without the gate.
import { setState } from './view.js';
import { msg, number } from './i18n.js';

let passed = Promise.resolve(true);
let settle = null;
let progress = 0;
let solver = null;
let waitingOnIt = false;

/** The session frame arrived: solve its challenge, if it has one. */
export function sessionGate(signaling, challenge) {
  if (solver) solver.terminate();
  solver = null;
  if (!challenge) {
    if (settle) settle(true);
    settle = null;
    passed = Promise.resolve(true);
    return;
  }
  if (!settle) passed = new Promise((resolve) => (settle = resolve));
  progress = 0;
  const started = performance.now();
  solver = new Worker(new URL('./pow-worker.js', import.meta.url));
  solver.onmessage = ({ data }) => {
    if (data.progress !== undefined) {
      progress = data.progress;
      if (waitingOnIt) say();
      return;
    }
    solver.terminate();
    solver = null;
    if (data.number === null) {
      fail();
      return;
    }
    const payload = { ...challenge, number: data.number };
    delete payload.maxnumber;
    document.documentElement.dataset.gateMillis = String(Math.round(performance.now() - started));
    document.documentElement.dataset.gateNumber = String(data.number);
    signaling.send('solve_challenge', { payload: { solution: btoa(JSON.stringify(payload)) } });
  };
  solver.postMessage(challenge);
}

/** Listens for the server's answer to the solution: its ack, or challenge_failed. */
export function setupGate(signaling) {
  signaling.addEventListener('ack', ({ detail }) => {
    if (detail.payload && detail.payload.of === 'solve_challenge') passed_();
  });
  signaling.addEventListener('error', ({ detail }) => {
    if (detail.payload && detail.payload.code === 'challenge_failed') fail();
  });
}

// The server took the solution.
function passed_() {
  if (settle) settle(true);
  settle = null;
  passed = Promise.resolve(true);
}

// The server refused the solution (challenge_failed), or the work found none.
function fail() {
  if (settle) settle(false);
  settle = null;
  passed = Promise.resolve(false);
}

/**
 * Runs `then` once this session may talk to strangers (showing the work's progress while it
 * waits), or `failed` if the check failed.
 */
export function afterGate(then, failed) {
  waitingOnIt = true;
  say();
  passed.then((ok) => {
    waitingOnIt = false;
    (ok ? then : failed)();
  });
}

function say() {
  setState(
    'checking',
    msg('status.checking', { percent: number(progress, { style: 'percent', maximumFractionDigits: 0 }) }),
  );
}
