// The panels beside a call: connection figures, privacy, microphone settings, mute, the room link.
import { $, problem, show } from './view.js';
import { LevelMeter } from './audio.js';
import { opusInEffect } from './opus.js';
import { msg, number, onLanguage, t } from './i18n.js';

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
  const ms = (v) => (v === undefined ? '–' : t('stats.ms', { ms: number(Math.round(v * 1000)) }));
  const kbps = (v) =>
    v === undefined ? '–' : t('stats.kbps', { kbps: number(Math.max(0, Math.round(v / 1000))) });
  $('stat-rtt').textContent = ms(s.rtt);
  $('stat-jitter').textContent = ms(s.jitter);
  const total = (s.packetsLost || 0) + (s.packetsReceived || 0);
  const tenths = { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 };
  $('stat-loss').textContent = total ? number((s.packetsLost || 0) / total, tenths) : '–';
  $('stat-bitrate').textContent = t('stats.inOut', { in: kbps(s.bitrateIn), out: kbps(s.bitrateOut) });
  $('stat-codec').textContent = s.codec || '–';
  $('stat-route').textContent = s.localType ? `${s.localType} → ${s.remoteType} (${s.protocol || 'udp'})` : '–';
  $('stat-audio').textContent = audioText(call);
}

// What the page asked the other side for (the local description) and caps itself at.
function audioText(call) {
  const { fec, dtx } = opusInEffect(call.descriptions.local);
  const on = (flag) => t(flag ? 'stats.on' : 'stats.off');
  return t('stats.audioLine', {
    fec: on(fec),
    dtx: on(dtx),
    kbps: number(Math.round(call.maxBitrate / 1000)),
  });
}

let privacy = null;

export function showPrivacy(relayOnly) {
  privacy = relayOnly ? 'privacy.relay' : 'privacy.direct';
  $('privacy').textContent = t(privacy);
}

/** Why a call could not connect, in words. */
export function failureText({ reason, error }, iceServers, relayOnly) {
  const hasTurn = iceServers.some((s) => [].concat(s.urls).some((u) => u.startsWith('turn')));
  if (error && (error.code === 401 || error.code === 403)) {
    return msg('failure.credentials', {
      error: `${error.code} ${(error.text || '').replace(/\.$/, '')}`,
    });
  }
  if (relayOnly && !hasTurn) return msg('failure.noTurn');
  if (reason === 'no_candidates') {
    return error
      ? msg('failure.noCandidatesError', { error: `${error.code} ${error.text}` })
      : msg('failure.noCandidates');
  }
  if (reason === 'ice_failed') return msg('failure.iceFailed');
  return msg('failure.timeout', { seconds: number(15) });
}

/** Fills the input device list, selecting the microphone in use. */
export async function fillDevices(mic) {
  const select = $('device');
  const devices = await mic.devices();
  select.replaceChildren(
    ...devices.map((d, i) => new Option(d.label || t('mic.numbered', { n: number(i + 1) }), d.deviceId)),
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
    $('mute').textContent = t(mic.muted ? 'call.unmute' : 'call.mute');
  });
  onLanguage(() => {
    $('mute').textContent = t(mic.muted ? 'call.unmute' : 'call.mute');
    if (privacy) $('privacy').textContent = t(privacy);
  });

  $('copy-link').addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText($('share-link').value);
    } catch {
      $('share-link').select();
      document.execCommand('copy');
    }
    $('copy-link').textContent = t('call.copied');
    setTimeout(() => ($('copy-link').textContent = t('call.copy')), 2000);
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
      problem(msg('problem.micChange', { error: error.message }));
    }
  }
  for (const id of ['echo', 'noise', 'gain', 'device']) $(id).addEventListener('change', changeMicrophone);
}
