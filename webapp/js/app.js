// The Duet page: join a room by ID or talk to a stranger, with meters, stats and chat.
import { Signaling } from './signaling.js';
import { CurrentCall } from './current-call.js';
import { Microphone, LevelMeter } from './audio.js';
import { $, addMessage, problem, setState, show, stopWaiting, waitFor } from './view.js';
import { enableChat, setupChat } from './chat.js';
import { fillDevices, setupPanels } from './panels.js';
import { limited, tag } from './limits.js';
import { linkOf, privateRoomId } from './links.js';
import { askTerms, needsTerms, sessionTerms, termsRefused } from './terms.js';
import { bannedText, forget, meet, parted, setupModeration } from './moderation.js';
import { afterGate, sessionGate, setupGate } from './gate.js';
import { ERRORS } from './errors.js';
import { languageSwitcher, list, msg, onLanguage, render, reveal, startLanguage, t } from './i18n.js';

await startLanguage();

const signaling = new Signaling();
const mic = new Microphone();
const localMeter = new LevelMeter($('local-level'));

let mode = null; // 'room' or 'stranger'
let room = null;
let passcode = null;
let interests = [];
let skipping = false;


// ---- starting and stopping -------------------------------------------------------------------

async function startRoom(id, code) {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(id)) {
    problem(msg(ERRORS.invalid_room));
    return;
  }
  mode = 'room';
  room = id;
  passcode = code || null;
  history.replaceState(null, '', linkOf(id, passcode));
  if (!(await ensureMicrophone())) return;
  openCallPanel(msg('call.info.room', { room: id }));
  $('share-link').value = location.href;
  show('share-row', true);
  show('hangup', true);
  connect();
}

async function startStranger(tags) {
  mode = 'stranger';
  interests = tags;
  if (!(await ensureMicrophone())) return;
  openCallPanel(
    tags.length
      ? msg('call.info.interests', { interests: list(tags, { type: 'unit', style: 'short' }) })
      : msg('call.info.anyone'),
  );
  show('next', true);
  show('stop', true);
  connect();
}

let callInfo = null;

function openCallPanel(info) {
  problem('');
  show('home', false);
  show('call', true);
  callInfo = info;
  $('call-info').textContent = render(info);
  $('messages').replaceChildren();
}

function connect() {
  if (signaling.connected) {
    begin();
  } else {
    setState('connecting', msg('status.connecting'));
    signaling.open();
  }
}

function begin() {
  if (mode === 'room') {
    signaling.send('join_room', passcode ? { room, passcode } : { room });
  } else if (mode === 'stranger' && needsTerms()) {
    askTerms(signaling).then((accepted) => (accepted ? begin() : goHome()));
  } else if (mode === 'stranger') {
    afterGate(() => {
      if (mode === 'stranger') {
        signaling.send('request_random_peer', { payload: { interests }, messageId: tag('next') });
      }
    }, () => goHome(msg('status.checkFailed')));
  }
}

function goHome(text = msg('status.choose')) {
  endCall();
  forget();
  mode = null;
  skipping = false;
  signaling.close();
  mic.release();
  localMeter.detach();
  stopWaiting();
  for (const id of ['call', 'share-row', 'next', 'stop', 'hangup']) show(id, false);
  show('home', true);
  enableChat(false);
  history.replaceState(null, '', location.pathname);
  setState('idle', text);
}

async function ensureMicrophone() {
  try {
    await mic.acquire();
    localMeter.attach(mic.stream);
    await fillDevices(mic);
    return true;
  } catch (error) {
    const text =
      error.name === 'NotAllowedError'
        ? msg('problem.micDenied')
        : error.name === 'NotFoundError'
          ? msg('problem.micMissing')
          : msg('problem.micFailed', { error: error.message });
    goHome();
    problem(text);
    return false;
  }
}

// ---- the call ----------------------------------------------------------------------------------

const current = new CurrentCall({
  signaling,
  mic,
  mode: () => mode,
  onEnd: () => {
    if (mode !== 'room') enableChat(false);
  },
});

function startCall(match) {
  current.start(match);
}

function endCall() {
  if (current.call && mode === 'stranger') parted();
  current.end();
}

// ---- what the server says -------------------------------------------------------------------

const on = (type, handler) => signaling.addEventListener(type, ({ detail }) => handler(detail));

on('session', ({ payload }) => {
  sessionTerms(signaling, payload.termsVersion);
  sessionGate(signaling, payload.challenge);
  if (!mode) return;
  if (payload.resumed) {
    resumed();
    return;
  }
  if (current.call) {
    endCall();
    addMessage(msg('chat.system.lostTooLong'), 'system');
  }
  begin();
});

// The server kept our session while we were away: same rooms, same match, same call.
function resumed() {
  if (current.call) {
    const ice = current.call.iceState;
    if (current.call.recovering) {
      setState('recovering', msg('status.recovering'));
    } else if (ice === 'connected' || ice === 'completed') {
      current.connectedText();
    } else {
      setState('calling', msg('status.calling'));
    }
  } else if (mode === 'room') {
    waitFor(null, msg('status.waitingRoom', { room }));
  } else {
    begin();
  }
}

// In a cluster, after the session moved to another instance: the match as it is now, which a dead
// instance may not have told us.
on('session_state', ({ payload }) => {
  if (mode !== 'stranger') return;
  const match = payload.match;
  if (match && (!current.call || current.call.peerId !== match.peerId)) {
    startCall(match);
    meet(match);
  } else if (!match && current.call) {
    endCall();
    setState('partner-left', msg('status.strangerDisconnected'));
  }
});

on('room_joined', ({ payload }) => {
  enableChat(true);
  if (payload.members.length < 2) waitFor(null, msg('status.waitingRoom', { room }));
});

on('peer_joined', () => addMessage(msg('chat.system.peerJoined'), 'system'));

on('waiting', ({ payload }) => {
  endCall();
  if (skipping) addMessage(msg('chat.system.skipped'), 'system');
  skipping = false;
  waitFor(payload.since, msg('status.looking'));
});

on('assign_role', ({ payload }) => {
  if (mode === 'stranger' && payload.commonInterests && payload.commonInterests.length) {
    addMessage(msg('chat.system.commonInterests', { interests: list(payload.commonInterests) }), 'system');
  } else if (mode === 'stranger') {
    addMessage(msg('chat.system.stranger'), 'system');
  }
  startCall(payload);
  if (mode === 'stranger') meet(payload);
});

on('peer_left', ({ payload }) => {
  if (current.call && payload.peerId !== current.call.peerId) return;
  endCall();
  if (mode === 'room') {
    addMessage(msg('chat.system.otherLeft'), 'system');
    waitFor(null, msg('status.otherLeftWaiting', { room }));
  } else if (payload.reason === 'skipped') {
    addMessage(msg('chat.system.strangerSkipped'), 'system');
    setState('partner-left', msg('status.strangerSkipped'));
  } else {
    addMessage(msg('chat.system.strangerDisconnected'), 'system');
    setState('partner-left', msg('status.strangerDisconnected'));
  }
});

on('peer_reconnecting', ({ payload }) => {
  if (!current.call || payload.peerId !== current.call.peerId) return;
  addMessage(msg('chat.system.peerLost'), 'system');
  setState('peer-reconnecting', msg('status.peerReconnecting'));
});

on('peer_reconnected', ({ payload }) => {
  if (!current.call || payload.peerId !== current.call.peerId) return;
  addMessage(msg('chat.system.peerBack'), 'system');
  resumed();
});

on('hangup', (message) => {
  if (!current.call || message.fromUser !== current.call.peerId) return;
  endCall();
  addMessage(msg('chat.system.hungUp'), 'system');
  setState('partner-left', msg('status.hungUp'));
});

on('webrtc_offer', (message) => current.call && message.fromUser === current.call.peerId && current.call.description(message.payload));
on('webrtc_answer', (message) => current.call && message.fromUser === current.call.peerId && current.call.description(message.payload));
on('webrtc_candidate', (message) => current.call && message.fromUser === current.call.peerId && current.call.candidate(message.payload));

on('chat_message', (message) => {
  const mine = message.fromUser === signaling.userId;
  addMessage(
    message.payload.content,
    mine ? 'mine' : 'theirs',
    t(mine ? 'chat.you' : mode === 'room' ? 'chat.them' : 'chat.stranger'),
  );
});

on('error', ({ payload, messageId }) => {
  // Fresh ICE servers and call statistics are the page's own business; a refusal changes nothing.
  if (/^(ice|stats)-/.test(messageId || '')) return;
  if (payload.code === 'rate_limited') {
    if (limited(messageId) === 'next') skipping = false;
    return;
  }
  if (payload.code === 'terms_required') {
    termsRefused();
    begin();
    return;
  }
  if (payload.code === 'room_full' || payload.code === 'wrong_passcode') {
    goHome();
    problem(msg(ERRORS[payload.code]));
    return;
  }
  problem(
    ERRORS[payload.code] === undefined
      ? payload.error
      : msg(ERRORS[payload.code], { error: payload.error }),
  );
});

on('error_response', ({ payload }) => problem(payload.error));

on('closed', ({ code, reason }) => {
  stopWaiting();
  if (code === 4403) {
    goHome();
    problem(bannedText(reason));
  }
  if (code === 4409) {
    goHome();
    problem(msg(reason === 'session moved' ? 'problem.movedWindow' : 'problem.otherTab'));
  }
});

on('reconnecting', () => {
  if (!mode) return;
  setState(
    'reconnecting',
    msg(current.call ? 'status.reconnectingInCall' : 'status.reconnecting'),
  );
});

// ---- controls -----------------------------------------------------------------------------------

$('room-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const picked = $('room-id').value.trim();
  const code = $('room-passcode').value;
  if (picked && !code) {
    problem(msg(ERRORS.passcode_needed));
    $('room-passcode').focus();
    return;
  }
  startRoom(picked || privateRoomId(), picked ? code : null);
});

$('stranger-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const tags = $('interests').value.split(',').map((t) => t.trim()).filter(Boolean).slice(0, 10);
  startStranger(tags);
});

// Next while waiting sends nothing: the place in the queue is kept, and nobody is there to skip.
// The call ends when the server has answered waiting, so a Next dropped for the rate limit leaves it
// going.
$('next').addEventListener('click', () => {
  if (!current.call && $('app').dataset.state === 'waiting') return;
  const payload = { interests };
  if (current.call) payload.currentPeerId = current.call.peerId;
  if (signaling.send('request_random_peer', { payload, messageId: tag('next') })) {
    skipping = Boolean(current.call);
    return;
  }
  endCall();
  addMessage(msg('chat.system.skipped'), 'system');
  connect();
});

$('stop').addEventListener('click', () => {
  if (current.call) signaling.send('hangup', { toUser: current.call.peerId });
  signaling.send('user_unavailable_webrtc');
  goHome(msg('status.stopped'));
});

$('hangup').addEventListener('click', () => {
  signaling.send('leave_room', { room });
  goHome(msg('status.leftRoom'));
});

setupPanels({ mic, localMeter, remoteAudio: $('remote-audio'), currentCall: () => current.call });
setupChat(signaling, () => (mode === 'room' ? { room } : current.call ? { toUser: current.call.peerId } : null));
setupGate(signaling);
setupModeration(signaling, () => {
  endCall();
  if (mode === 'stranger') signaling.send('request_random_peer', { payload: { interests }, messageId: tag('next') });
});

// ---- start ----------------------------------------------------------------------------------------

languageSwitcher($('language'));
onLanguage(() => {
  if (callInfo) $('call-info').textContent = render(callInfo);
});

const linked = new URLSearchParams(location.search).get('room');
if (linked) {
  const code = new URLSearchParams(location.hash.slice(1)).get('passcode');
  $('room-id').value = linked;
  $('room-passcode').value = code || '';
  startRoom(linked, code);
}
reveal();
