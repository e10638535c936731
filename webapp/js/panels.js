// The panels beside a call: connection figures, privacy, microphone settings, mute, the room link.
import { $, problem, show } from './view.js';
import { LevelMeter } from './audio.js';
import { opusInEffect } from './opus.js';

let lastSample = null;

/** Refreshes the Connection panel from the call's getStats(). */
export async function showStats(call) {
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
  $('stat-route').textContent = s.localType ? `${s.localType} → ${s.remoteType} (${s.protocol || 'udp'})` : '–';
  $('stat-audio').textContent = audioText(call);
}

// What the page asked the other side for (the local description) and caps itself at.
function audioText(call) {
  const { fec, dtx } = opusInEffect(call.descriptions.local);
  const on = (flag) => (flag ? 'on' : 'off');
  return `FEC ${on(fec)}, DTX ${on(dtx)}, at most ${Math.round(call.maxBitrate / 1000)} kbit/s`;
}

export function showPrivacy(relayOnly) {
  $('privacy').textContent = relayOnly
    ? 'Hide my IP is on: audio goes through the relay server, so neither side sees the other’s address.'
    : 'Direct connection allowed: the other side may see your IP address.';
}

/** Why a call could not connect, in words. */
export function failureText({ reason, error }, iceServers, relayOnly) {
  const hasTurn = iceServers.some((s) => [].concat(s.urls).some((u) => u.startsWith('turn')));
  if (error && (error.code === 401 || error.code === 403)) {
    return `The relay (TURN) server refused our credentials (${error.code} ${(error.text || '').replace(/\.$/, '')}). Ask the operator to check TURN_SECRET.`;
  }
  if (relayOnly && !hasTurn) {
    return 'Hide my IP needs a relay (TURN) server, and this server has none configured.';
  }
  if (reason === 'no_candidates') {
    return 'No network route could be prepared for the call' + (error ? ` (${error.code} ${error.text}).` : '.');
  }
  if (reason === 'ice_failed') {
    return 'No network path was found between you two. A relay (TURN) server may be needed.';
  }
  return 'No network path was found between you two within 15 seconds. A relay (TURN) server may be needed.';
}

/** Fills the input device list, selecting the microphone in use. */
export async function fillDevices(mic) {
  const select = $('device');
  const devices = await mic.devices();
  select.replaceChildren(
    ...devices.map((d, i) => new Option(d.label || `Microphone ${i + 1}`, d.deviceId)),
  );
  const current = mic.track && mic.track.getSettings().deviceId;
  if (current) select.value = current;
}

/**
 * Wires Mute, the Microphone panel (a new track swapped into the current call, currentCall()),
 * Copy link and the button that starts blocked audio playback.
 */
export function setupPanels({ mic, localMeter, remoteAudio, currentCall }) {
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
      const call = currentCall();
      if (call) await call.replaceTrack(mic.track, mic.stream);
    } catch (error) {
      problem(`The microphone could not be changed (${error.message}).`);
    }
  }
  for (const id of ['echo', 'noise', 'gain', 'device']) $(id).addEventListener('change', changeMicrophone);
}
