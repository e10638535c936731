// The call of the moment: made when the server pairs us (assign_role), with its audio, meters,
// connection panel, ICE restarts in words, telemetry, and fresh TURN credentials; ended on peer_left,
// hangup, Next or leaving.
import { Call } from './call.js';
import { LevelMeter } from './audio.js';
import { $, addMessage, problem, setState, show, stopWaiting } from './view.js';
import { enableChat } from './chat.js';
import { failureText, showPrivacy, showStats } from './panels.js';
import { CallReporter } from './telemetry.js';
import { IceKeeper } from './ice.js';
import { DATA_SAVER_BITRATE } from './opus.js';
import { msg, number } from './i18n.js';

const SAVER_KEY = 'duet.dataSaver';
let stats = 0;

export class CurrentCall {
  call = null;
  #signaling;
  #mic;
  #mode;
  #reporter = null;
  #ice;
  #remoteAudio = $('remote-audio');
  #remoteMeter = new LevelMeter($('remote-level'));
  #onEnd;

  /** {@code mode()} is 'room' or 'stranger'; {@code onEnd()} runs whenever a call ends. */
  constructor({ signaling, mic, mode, onEnd }) {
    this.#signaling = signaling;
    this.#mic = mic;
    this.#mode = mode;
    this.#onEnd = onEnd;
    this.#ice = new IceKeeper(signaling, () => this.call);
    const saver = $('data-saver');
    saver.checked = localStorage.getItem(SAVER_KEY) === '1';
    saver.addEventListener('change', () => {
      localStorage.setItem(SAVER_KEY, saver.checked ? '1' : '0');
      if (this.call) this.call.setMaxBitrate(this.maxBitrate());
    });
  }

  /** The most this page sends and asks for: AUDIO_MAX_BITRATE, or less with Data saver. */
  maxBitrate() {
    const max = this.#signaling.audioMaxBitrate || 32_000;
    return $('data-saver').checked ? Math.min(max, DATA_SAVER_BITRATE) : max;
  }

  relayOnly() {
    return this.#signaling.iceTransportPolicy === 'relay' || $('hide-ip').checked;
  }

  start({ peerId, role }) {
    this.end();
    stopWaiting();
    const call = new Call({
      peerId,
      role,
      iceServers: this.#signaling.iceServers,
      iceTransportPolicy: this.relayOnly() ? 'relay' : 'all',
      stream: this.#mic.stream,
      send: (type, fields) => this.#signaling.send(type, fields),
      maxBitrate: this.maxBitrate(),
      refreshIce: () => this.#ice.refresh(),
    });
    this.call = call;
    let sent = 0;
    this.#reporter = new CallReporter(call, (payload) =>
      this.#signaling.send('call_stats', { payload, messageId: `stats-${++sent}` }),
    );
    call.addEventListener('remotetrack', () => {
      this.#remoteAudio.srcObject = call.remoteStream;
      this.#remoteAudio.play().then(
        () => show('enable-audio', false),
        () => show('enable-audio', true),
      );
      this.#remoteMeter.attach(call.remoteStream);
    });
    call.addEventListener('state', ({ detail }) => {
      if (call.recovering) return;
      if (detail === 'connected' || detail === 'completed') this.connectedText();
      else if (detail === 'disconnected') setState('calling', msg('status.unstable'));
    });
    call.addEventListener('recovering', () => {
      addMessage(msg('status.recovering'), 'system');
      setState('recovering', msg('status.recovering'));
    });
    call.addEventListener('recovered', () => {
      addMessage(msg('chat.system.recovered'), 'system');
      this.connectedText();
    });
    call.addEventListener('lost', () => {
      setState('error', msg('status.lost'));
      problem(msg('problem.lost', { seconds: number(Call.RECOVERY_TIMEOUT_MS / 1000) }));
    });
    call.addEventListener('failed', ({ detail }) => {
      setState('error', msg('status.failed'));
      problem(failureText(detail, this.#signaling.iceServers, this.relayOnly()));
    });
    call.addEventListener('error', ({ detail }) => console.warn('call', detail));
    showPrivacy(this.relayOnly());
    setState('calling', msg('status.calling'));
    enableChat(true);
    stats = setInterval(() => showStats(call), 1000);
  }

  connectedText() {
    setState('connected', msg(this.#mode() === 'room' ? 'status.connected' : 'status.connectedStranger'));
  }

  end() {
    if (!this.call) return;
    this.#reporter.end();
    this.call.close();
    this.call = null;
    clearInterval(stats);
    this.#remoteMeter.detach();
    this.#remoteAudio.srcObject = null;
    this.#onEnd();
  }
}
