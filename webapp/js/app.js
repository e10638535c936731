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
    problem(ERRORS.invalid_room);
    return;
  }
  mode = 'room';
  room = id;
  passcode = code || null;
  history.replaceState(null, '', linkOf(id, passcode));
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
    signaling.send('join_room', passcode ? { room, passcode } : { room });
  } else if (mode === 'stranger' && needsTerms()) {
    askTerms(signaling).then((accepted) => (accepted ? begin() : goHome()));
  } else if (mode === 'stranger') {
    afterGate(() => {
      if (mode === 'stranger') {
        signaling.send('request_random_peer', { payload: { interests }, messageId: tag('next') });
      }
    }, () => goHome('This browser could not be checked. Try again.'));
  }
}

function goHome(text = 'Choose how to start a call.') {
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
        ? 'Microphone access was denied. Allow the microphone for this site and try again.'
        : error.name === 'NotFoundError'
          ? 'No microphone was found. Plug one in and try again.'
          : `The microphone could not be started (${error.message}).`;
    goHome('Choose how to start a call.');
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
    addMessage('The connection to the server was lost for too long; starting again.', 'system');
  }
  begin();
});

// The server kept our session while we were away: same rooms, same match, same call.
function resumed() {
  if (current.call) {
    const ice = current.call.iceState;
    if (current.call.recovering) {
      setState('recovering', 'Network changed, reconnecting the call…');
    } else if (ice === 'connected' || ice === 'completed') {
      current.connectedText();
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
  if (match && (!current.call || current.call.peerId !== match.peerId)) {
    startCall(match);
    meet(match);
  } else if (!match && current.call) {
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
  if (skipping) addMessage('You skipped.', 'system');
  skipping = false;
  waitFor(payload.since, 'Looking for a stranger');
});

on('assign_role', ({ payload }) => {
  if (mode === 'stranger' && payload.commonInterests && payload.commonInterests.length) {
    addMessage(`You both like ${payload.commonInterests.join(', ')}.`, 'system');
  } else if (mode === 'stranger') {
    addMessage('You are now talking to a stranger.', 'system');
  }
  startCall(payload);
  if (mode === 'stranger') meet(payload);
});

on('peer_left', ({ payload }) => {
  if (current.call && payload.peerId !== current.call.peerId) return;
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
  if (!current.call || payload.peerId !== current.call.peerId) return;
  addMessage('The other side lost their connection to the server; waiting for them…', 'system');
  setState('peer-reconnecting', 'The other side is reconnecting…');
});

on('peer_reconnected', ({ payload }) => {
  if (!current.call || payload.peerId !== current.call.peerId) return;
  addMessage('The other side is back.', 'system');
  resumed();
});

on('hangup', (message) => {
  if (!current.call || message.fromUser !== current.call.peerId) return;
  endCall();
  addMessage('The other side hung up.', 'system');
  setState('partner-left', 'The other side hung up. Press Next to meet someone new.');
});

on('webrtc_offer', (message) => current.call && message.fromUser === current.call.peerId && current.call.description(message.payload));
on('webrtc_answer', (message) => current.call && message.fromUser === current.call.peerId && current.call.description(message.payload));
on('webrtc_candidate', (message) => current.call && message.fromUser === current.call.peerId && current.call.candidate(message.payload));

on('chat_message', (message) => {
  const mine = message.fromUser === signaling.userId;
  addMessage(message.payload.content, mine ? 'mine' : 'theirs', mine ? 'You' : mode === 'room' ? 'Them' : 'Stranger');
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
    problem(ERRORS[payload.code]);
    return;
  }
  problem(ERRORS[payload.code] === undefined ? payload.error : ERRORS[payload.code] + (payload.code === 'bad_message' ? payload.error : ''));
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
    current.call ? 'Lost the server; the call goes on. Reconnecting…' : 'Lost the server. Reconnecting…',
  );
});

// ---- controls -----------------------------------------------------------------------------------

$('room-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const picked = $('room-id').value.trim();
  const code = $('room-passcode').value;
  if (picked && !code) {
    problem(ERRORS.passcode_needed);
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
  addMessage('You skipped.', 'system');
  connect();
});

$('stop').addEventListener('click', () => {
  if (current.call) signaling.send('hangup', { toUser: current.call.peerId });
  signaling.send('user_unavailable_webrtc');
  goHome('You stopped. Talk to a stranger again whenever you like.');
});

$('hangup').addEventListener('click', () => {
  signaling.send('leave_room', { room });
  goHome('You left the room.');
});

setupPanels({ mic, localMeter, remoteAudio: $('remote-audio'), currentCall: () => current.call });
setupChat(signaling, () => (mode === 'room' ? { room } : current.call ? { toUser: current.call.peerId } : null));
setupGate(signaling);
setupModeration(signaling, () => {
  endCall();
  if (mode === 'stranger') signaling.send('request_random_peer', { payload: { interests }, messageId: tag('next') });
});

// ---- start ----------------------------------------------------------------------------------------

const linked = new URLSearchParams(location.search).get('room');
if (linked) {
  const code = new URLSearchParams(location.hash.slice(1)).get('passcode');
  $('room-id').value = linked;
  $('room-passcode').value = code || '';
  startRoom(linked, code);
}
