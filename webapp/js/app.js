// The Duet page: join a room by ID or talk to a stranger, with meters, stats and chat.
import { Signaling } from './signaling.js';
import { Call, createdPeerConnections, openPeerConnections } from './call.js';
import { Microphone, LevelMeter } from './audio.js';

const $ = (id) => document.getElementById(id);
const signaling = new Signaling();
const mic = new Microphone();
const localMeter = new LevelMeter($('local-level'));
const remoteMeter = new LevelMeter($('remote-level'));
const remoteAudio = $('remote-audio');

let mode = null; // 'room' or 'stranger'
let room = null;
let interests = [];
let call = null;
let waitTimer = 0;
let statsTimer = 0;
let callStartedAt = 0;
let setupMillis = null;

const ERRORS = {
  room_full: 'This room already has two people in it. Try another room ID.',
  invalid_room: 'A room ID is 1 to 64 letters, digits, - or _.',
  not_your_peer: 'That person is no longer in the call.',
  bad_message: 'That was not accepted: ',
  too_large: 'That message is too long.',
};

function setState(state, text) {
  $('app').dataset.state = state;
  $('status').textContent = text;
}

function problem(text) {
  $('problem').textContent = text || '';
  $('problem').hidden = !text;
}

function show(id, visible) {
  $(id).hidden = !visible;
}

// ---- starting and stopping -------------------------------------------------------------------

async function startRoom(id) {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(id)) {
    problem(ERRORS.invalid_room);
    return;
  }
  mode = 'room';
  room = id;
  history.replaceState(null, '', `?room=${encodeURIComponent(id)}`);
  if (!(await ensureMicrophone())) return;
  openCallPanel(`Room ${id}`);
  $('share-link').value = location.href;
  show('share-row', true);
  show('hangup', true);
  connect();
}

async function startStranger(tags) {
  mode = 'stranger';
  interests = tags;
  if (!(await ensureMicrophone())) return;
  openCallPanel(tags.length ? `Interests: ${tags.join(', ')}` : 'Anyone will do');
  show('next', true);
  show('stop', true);
  connect();
}

function openCallPanel(info) {
  problem('');
  show('home', false);
  show('call', true);
  $('call-info').textContent = info;
  $('messages').replaceChildren();
}

function connect() {
  if (signaling.connected) {
    begin();
  } else {
    setState('connecting', 'Connecting…');
    signaling.open();
  }
}

function begin() {
  if (mode === 'room') {
    signaling.send('join_room', { room });
  } else if (mode === 'stranger') {
    signaling.send('request_random_peer', { payload: { interests } });
  }
}

function goHome(text = 'Choose how to start a call.') {
  endCall();
  mode = null;
  signaling.close();
  mic.release();
  localMeter.detach();
  clearInterval(waitTimer);
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
    await fillDevices();
    return true;
  } catch (error) {
    const text =
      error.name === 'NotAllowedError'
        ? 'Microphone access was denied. Allow the microphone for this site and try again.'
        : error.name === 'NotFoundError'
          ? 'No microphone was found. Plug one in and try again.'
          : `The microphone could not be started (${error.message}).`;
    goHome('Choose how to start a call.');
    problem(text);
    return false;
  }
}

async function fillDevices() {
  const select = $('device');
  const devices = await mic.devices();
  select.replaceChildren(
    ...devices.map((d, i) => new Option(d.label || `Microphone ${i + 1}`, d.deviceId)),
  );
  const current = mic.track && mic.track.getSettings().deviceId;
  if (current) select.value = current;
}

// ---- the call ----------------------------------------------------------------------------------

function startCall({ peerId, role }) {
  endCall();
  clearInterval(waitTimer);
  call = new Call({
    peerId,
    role,
    iceServers: signaling.iceServers,
    iceTransportPolicy: relayOnly() ? 'relay' : 'all',
    stream: mic.stream,
    send: (type, fields) => signaling.send(type, fields),
  });
  callStartedAt = performance.now();
  setupMillis = null;
  call.addEventListener('remotetrack', () => {
    remoteAudio.srcObject = call.remoteStream;
    remoteAudio.play().then(
      () => show('enable-audio', false),
      () => show('enable-audio', true),
    );
    remoteMeter.attach(call.remoteStream);
  });
  call.addEventListener('state', ({ detail }) => {
    if (detail === 'connected' || detail === 'completed') {
      if (setupMillis === null) setupMillis = Math.round(performance.now() - callStartedAt);
      setState('connected', mode === 'room' ? 'Connected.' : 'Connected to a stranger. Say hi!');
    } else if (detail === 'disconnected') {
      setState('calling', 'The connection is unstable, trying to recover…');
    } else if (detail === 'failed') {
      setState('error', 'The call could not connect.');
      problem(failureText({ reason: 'failed', error: null }));
    }
  });
  call.addEventListener('failed', ({ detail }) => {
    setState('error', 'The call could not connect.');
    problem(failureText(detail));
  });
  call.addEventListener('error', ({ detail }) => console.warn('call', detail));
  showPrivacy();
  setState('calling', 'Calling…');
  enableChat(true);
  statsTimer = setInterval(showStats, 1000);
}

function endCall() {
  if (!call) return;
  call.close();
  call = null;
  clearInterval(statsTimer);
  remoteMeter.detach();
  remoteAudio.srcObject = null;
  if (mode !== 'room') enableChat(false);
}

function relayOnly() {
  return signaling.iceTransportPolicy === 'relay' || $('hide-ip').checked;
}

function showPrivacy() {
  $('privacy').textContent = relayOnly()
    ? 'Hide my IP is on: audio goes through the relay server, so neither side sees the other’s address.'
    : 'Direct connection allowed: the other side may see your IP address.';
}

function failureText({ reason, error }) {
  const hasTurn = signaling.iceServers.some((s) => [].concat(s.urls).some((u) => u.startsWith('turn')));
  if (error && (error.code === 401 || error.code === 403)) {
    return `The relay (TURN) server refused our credentials (${error.code} ${(error.text || '').replace(/\.$/, '')}). Ask the operator to check TURN_SECRET.`;
  }
  if (relayOnly() && !hasTurn) {
    return 'Hide my IP needs a relay (TURN) server, and this server has none configured.';
  }
  if (reason === 'no-candidates') {
    return 'No network route could be prepared for the call' + (error ? ` (${error.code} ${error.text}).` : '.');
  }
  return 'No network path was found between you two within 15 seconds. A relay (TURN) server may be needed.';
}

function waitFor(since, text) {
  clearInterval(waitTimer);
  const started = since ? Date.parse(since) : Date.now();
  const tick = () => {
    const seconds = Math.max(0, Math.round((Date.now() - started) / 1000));
    setState('waiting', `${text} (${seconds} s)`);
  };
  tick();
  waitTimer = setInterval(tick, 1000);
}

let lastSample = null;

async function showStats() {
  if (!call) return;
  const s = await call.stats();
  if (lastSample && lastSample.call === call) {
    const seconds = (s.at - lastSample.at) / 1000;
    s.bitrateIn = (((s.bytesReceived || 0) - lastSample.in) * 8) / seconds;
    s.bitrateOut = (((s.bytesSent || 0) - lastSample.out) * 8) / seconds;
  }
  lastSample = { call, at: s.at, in: s.bytesReceived || 0, out: s.bytesSent || 0 };
  const ms = (v) => (v === undefined ? '–' : `${Math.round(v * 1000)} ms`);
  const kbps = (v) => (v === undefined ? '–' : `${Math.max(0, Math.round(v / 1000))} kbit/s`);
  $('stat-rtt').textContent = ms(s.rtt);
  $('stat-jitter').textContent = ms(s.jitter);
  const total = (s.packetsLost || 0) + (s.packetsReceived || 0);
  $('stat-loss').textContent = total ? `${(((s.packetsLost || 0) / total) * 100).toFixed(1)} %` : '–';
  $('stat-bitrate').textContent = `${kbps(s.bitrateIn)} / ${kbps(s.bitrateOut)}`;
  $('stat-codec').textContent = s.codec || '–';
  $('stat-route').textContent = s.localType ? `${s.localType} → ${s.remoteType}` : '–';
}

// ---- chat ---------------------------------------------------------------------------------------

function enableChat(on) {
  $('chat-input').disabled = !on;
  $('send').disabled = !on;
}

function addMessage(text, kind, who) {
  const item = document.createElement('li');
  item.className = kind;
  if (who) {
    const name = document.createElement('span');
    name.className = 'who';
    name.textContent = `${who}:`;
    item.append(name);
  }
  item.append(document.createTextNode(text));
  $('messages').append(item);
  item.scrollIntoView({ block: 'nearest' });
}

// ---- what the server says -------------------------------------------------------------------

const on = (type, handler) => signaling.addEventListener(type, ({ detail }) => handler(detail));

on('session', ({ payload }) => {
  if (!mode) return;
  if (payload.resumed) {
    resumed();
    return;
  }
  if (call) {
    endCall();
    addMessage('The connection to the server was lost for too long; starting again.', 'system');
  }
  begin();
});

// The server kept our session while we were away: same rooms, same match, same call.
function resumed() {
  if (call) {
    const ice = call.iceState;
    if (ice === 'connected' || ice === 'completed') {
      setState('connected', mode === 'room' ? 'Connected.' : 'Connected to a stranger. Say hi!');
    } else {
      setState('calling', 'Calling…');
    }
  } else if (mode === 'room') {
    waitFor(null, `Waiting for someone to join room ${room}`);
  } else {
    begin();
  }
}

// In a cluster, after the session moved to another instance: the match as it is now, which a dead
// instance may not have told us.
on('session_state', ({ payload }) => {
  if (mode !== 'stranger') return;
  const match = payload.match;
  if (match && (!call || call.peerId !== match.peerId)) {
    startCall(match);
  } else if (!match && call) {
    endCall();
    setState('partner-left', 'The stranger disconnected. Press Next to meet someone new.');
  }
});

on('room_joined', ({ payload }) => {
  enableChat(true);
  if (payload.members.length < 2) waitFor(null, `Waiting for someone to join room ${room}`);
});

on('peer_joined', () => addMessage('Someone joined the room.', 'system'));

on('waiting', ({ payload }) => {
  endCall();
  waitFor(payload.since, 'Looking for a stranger');
});

on('assign_role', ({ payload }) => {
  if (mode === 'stranger' && payload.commonInterests && payload.commonInterests.length) {
    addMessage(`You both like ${payload.commonInterests.join(', ')}.`, 'system');
  } else if (mode === 'stranger') {
    addMessage('You are now talking to a stranger.', 'system');
  }
  startCall(payload);
});

on('peer_left', ({ payload }) => {
  if (call && payload.peerId !== call.peerId) return;
  endCall();
  if (mode === 'room') {
    addMessage('The other person left.', 'system');
    waitFor(null, `The other person left. Waiting for someone to join room ${room}`);
  } else {
    const why = payload.reason === 'skipped' ? 'skipped you' : 'disconnected';
    addMessage(`The stranger ${why}.`, 'system');
    setState('partner-left', `The stranger ${why}. Press Next to meet someone new.`);
  }
});

on('peer_reconnecting', ({ payload }) => {
  if (!call || payload.peerId !== call.peerId) return;
  addMessage('The other side lost their connection to the server; waiting for them…', 'system');
  setState('peer-reconnecting', 'The other side is reconnecting…');
});

on('peer_reconnected', ({ payload }) => {
  if (!call || payload.peerId !== call.peerId) return;
  addMessage('The other side is back.', 'system');
  resumed();
});

on('hangup', (message) => {
  if (!call || message.fromUser !== call.peerId) return;
  endCall();
  addMessage('The other side hung up.', 'system');
  setState('partner-left', 'The other side hung up. Press Next to meet someone new.');
});

on('webrtc_offer', (message) => call && message.fromUser === call.peerId && call.description(message.payload));
on('webrtc_answer', (message) => call && message.fromUser === call.peerId && call.description(message.payload));
on('webrtc_candidate', (message) => call && message.fromUser === call.peerId && call.candidate(message.payload));

on('chat_message', (message) => {
  const mine = message.fromUser === signaling.userId;
  addMessage(message.payload.content, mine ? 'mine' : 'theirs', mine ? 'You' : mode === 'room' ? 'Them' : 'Stranger');
});

on('error', ({ payload }) => {
  if (payload.code === 'room_full') {
    goHome();
    problem(ERRORS.room_full);
    return;
  }
  problem(ERRORS[payload.code] === undefined ? payload.error : ERRORS[payload.code] + (payload.code === 'bad_message' ? payload.error : ''));
});

on('error_response', ({ payload }) => problem(payload.error));

on('closed', ({ code, reason }) => {
  clearInterval(waitTimer);
  if (code === 4409) {
    goHome();
    problem(
      reason === 'session moved'
        ? 'This call went on in another window.'
        : 'This user ID is already in a call in another tab.',
    );
  }
});

on('reconnecting', () => {
  if (!mode) return;
  setState(
    'reconnecting',
    call ? 'Lost the server; the call goes on. Reconnecting…' : 'Lost the server. Reconnecting…',
  );
});

// ---- controls -----------------------------------------------------------------------------------

$('room-form').addEventListener('submit', (event) => {
  event.preventDefault();
  startRoom($('room-id').value.trim());
});

$('stranger-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const tags = $('interests').value.split(',').map((t) => t.trim()).filter(Boolean).slice(0, 10);
  startStranger(tags);
});

$('next').addEventListener('click', () => {
  const previous = call && call.peerId;
  endCall();
  addMessage('You skipped.', 'system');
  const payload = { interests };
  if (previous) payload.currentPeerId = previous;
  if (!signaling.send('request_random_peer', { payload })) connect();
});

$('stop').addEventListener('click', () => {
  if (call) signaling.send('hangup', { toUser: call.peerId });
  signaling.send('user_unavailable_webrtc');
  goHome('You stopped. Talk to a stranger again whenever you like.');
});

$('hangup').addEventListener('click', () => {
  signaling.send('leave_room', { room });
  goHome('You left the room.');
});

$('mute').addEventListener('click', () => {
  mic.setMuted(!mic.muted);
  $('mute').setAttribute('aria-pressed', String(mic.muted));
  $('mute').textContent = mic.muted ? 'Unmute' : 'Mute';
});

$('copy-link').addEventListener('click', async () => {
  try {
    await navigator.clipboard.writeText($('share-link').value);
  } catch {
    $('share-link').select();
    document.execCommand('copy');
  }
  $('copy-link').textContent = 'Copied!';
  setTimeout(() => ($('copy-link').textContent = 'Copy link'), 2000);
});

$('enable-audio').addEventListener('click', () => {
  LevelMeter.context();
  remoteAudio.play().then(() => show('enable-audio', false));
});

async function changeMicrophone() {
  mic.options = {
    echoCancellation: $('echo').checked,
    noiseSuppression: $('noise').checked,
    autoGainControl: $('gain').checked,
  };
  mic.deviceId = $('device').value || null;
  try {
    await mic.acquire();
    localMeter.attach(mic.stream);
    if (call) await call.replaceTrack(mic.track, mic.stream);
  } catch (error) {
    problem(`The microphone could not be changed (${error.message}).`);
  }
}
for (const id of ['echo', 'noise', 'gain', 'device']) $(id).addEventListener('change', changeMicrophone);

$('chat-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const content = $('chat-input').value.trim();
  if (!content) return;
  const sent =
    mode === 'room'
      ? signaling.send('chat_message', { room, payload: { content } })
      : call && signaling.send('chat_message', { toUser: call.peerId, payload: { content } });
  if (sent) $('chat-input').value = '';
});

// ---- start ----------------------------------------------------------------------------------------

const linked = new URLSearchParams(location.search).get('room');
if (linked) {
  $('room-id').value = linked;
  startRoom(linked);
}

// A small window into the page for automated tests and curious people.
window.duet = {
  state: () => $('app').dataset.state,
  userId: () => signaling.userId,
  iceState: () => (call ? call.iceState : null),
  stats: () => (call ? call.stats() : null),
  setupMillis: () => setupMillis,
  offerNow: () => call && call.offerNow(),
  problem: () => ($('problem').hidden ? null : $('problem').textContent),
  resumed: () => signaling.resumed,
  dropConnection: () => signaling.drop(),
  openPeerConnections,
  createdPeerConnections,
};
