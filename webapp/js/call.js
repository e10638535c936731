// One audio call over RTCPeerConnection with perfect negotiation (polite/impolite from the
// server's assign_role), trickle ICE with candidates queued until the remote description is set,
// Opus with FEC and DTX, and ICE restarts when the network under a connected call changes.
import { capBitrate, withOpusOptions } from './opus.js';

export class Call extends EventTarget {
  #pc;
  #send;
  #polite;
  #makingOffer = false;
  #ignoreOffer = false;
  #pendingCandidates = [];
  #closed = false;
  #gathered = 0;
  #candidateError = null;
  #deadline = 0;
  #failed = false;
  #config;
  #maxBitrate;
  #refreshIce;
  #connectedOnce = false;
  #unstable = 0;
  #recovery = null;
  #lost = false;
  restartsSucceeded = 0;
  restartsFailed = 0;

  /** How long a call may take to connect before it is given up. */
  static CONNECT_TIMEOUT_MS = 15_000;

  /** How long a connected call may be lost before it is given up, restarting ICE meanwhile. */
  static RECOVERY_TIMEOUT_MS = 30_000;

  /** How long 'disconnected' lasts before ICE is restarted: the offering side first. */
  static UNSTABLE_MS = { impolite: 2_000, polite: 4_000 };

  /**
   * @param peerId the other side
   * @param role "polite" or "impolite"; the impolite side sends the first offer
   * @param send function(type, fields) sending a signaling frame
   */
  constructor({ peerId, role, iceServers, iceTransportPolicy = 'all', stream, send, maxBitrate, refreshIce }) {
    super();
    this.peerId = peerId;
    this.role = role;
    this.#polite = role === 'polite';
    this.#send = send;
    this.#maxBitrate = maxBitrate;
    this.#refreshIce = refreshIce;
    this.remoteStream = new MediaStream();
    this.#config = { iceServers, iceTransportPolicy };
    this.#pc = new RTCPeerConnection(this.#config);
    this.#pc.ontrack = ({ track }) => {
      this.remoteStream.addTrack(track);
      this.dispatchEvent(new Event('remotetrack'));
    };
    this.#pc.onicecandidate = ({ candidate }) => {
      if (!candidate) return;
      this.#gathered++;
      this.#signal('webrtc_candidate', candidate.toJSON());
    };
    this.#pc.oniceconnectionstatechange = () => this.#iceChanged();
    this.#pc.onicecandidateerror = (event) => {
      this.#candidateError = { code: event.errorCode, text: event.errorText, url: event.url };
    };
    this.#pc.onicegatheringstatechange = () => {
      if (this.#pc.iceGatheringState === 'complete' && this.#gathered === 0) {
        this.#fail('no_candidates');
      }
    };
    this.#deadline = setTimeout(() => this.#fail('timeout'), Call.CONNECT_TIMEOUT_MS);
    this.#pc.onnegotiationneeded = () => this.#offer();
    this.stream = stream;
    if (!this.#polite) this.#addTracks();
  }

  #addTracks() {
    const present = this.#pc.getSenders().map((s) => s.track).filter(Boolean);
    for (const track of this.stream.getAudioTracks()) {
      if (!present.includes(track)) this.#pc.addTrack(track, this.stream);
    }
  }

  #capBitrate() {
    capBitrate(this.#pc, this.#maxBitrate).catch((error) => this.dispatchEvent(new CustomEvent('error', { detail: error })));
  }

  /** Sends and asks for at most this many bits a second (the latter from the next negotiation). */
  setMaxBitrate(maxBitrate) {
    this.#maxBitrate = maxBitrate;
    this.#capBitrate();
  }

  get maxBitrate() {
    return this.#maxBitrate;
  }

  #iceChanged() {
    const state = this.#pc.iceConnectionState;
    if (state === 'connected' || state === 'completed') {
      clearTimeout(this.#deadline);
      clearTimeout(this.#unstable);
      this.#connectedOnce = true;
      if (this.#recovery) this.#recovered();
    } else if (state === 'disconnected' && this.#connectedOnce && !this.#recovery) {
      clearTimeout(this.#unstable);
      this.#unstable = setTimeout(() => this.#recover(), Call.UNSTABLE_MS[this.role] || 2_000);
    } else if (state === 'failed' && this.#connectedOnce && !this.#recovery) {
      clearTimeout(this.#unstable);
      this.#recover();
    } else if (state === 'failed' && !this.#connectedOnce) {
      this.#fail('ice_failed');
    }
    this.dispatchEvent(new CustomEvent('state', { detail: state }));
  }

  // The path of a connected call is gone: restart ICE with fresh ICE servers, again and again with
  // backoff (2, 4, 8, 8... s apart), until the call connects again or RECOVERY_TIMEOUT_MS passed.
  #recover() {
    if (this.#closed || this.#recovery || this.#lost) return;
    this.#recovery = { started: performance.now(), attempt: 0, timer: 0 };
    this.dispatchEvent(new Event('recovering'));
    this.#restart();
  }

  async #restart() {
    const recovery = this.#recovery;
    if (this.#closed || !recovery) return;
    if (recovery.attempt > 0) this.restartsFailed++;
    if (performance.now() - recovery.started >= Call.RECOVERY_TIMEOUT_MS) {
      this.#recovery = null;
      this.#lost = true;
      this.dispatchEvent(new Event('lost'));
      return;
    }
    recovery.attempt++;
    await this.#freshIceServers();
    if (this.#closed || this.#recovery !== recovery) return;
    this.#pc.restartIce();
    const wait = Math.min(8_000, 2_000 * 2 ** (recovery.attempt - 1));
    recovery.timer = setTimeout(() => this.#restart(), wait);
  }

  #recovered() {
    clearTimeout(this.#recovery.timer);
    if (this.#recovery.attempt > 0) this.restartsSucceeded++;
    this.#recovery = null;
    this.dispatchEvent(new Event('recovered'));
  }

  async #freshIceServers() {
    const fresh = this.#refreshIce ? await this.#refreshIce() : null;
    if (fresh) this.useIceServers(fresh.iceServers);
  }

  /** ICE servers for the next gathering (an ICE restart), e.g. with fresh TURN credentials. */
  useIceServers(iceServers) {
    if (this.#closed) return;
    this.#config = { ...this.#config, iceServers };
    this.#pc.setConfiguration(this.#config);
  }

  #signal(type, payload) {
    this.#send(type, { toUser: this.peerId, payload });
  }

  async #offer() {
    if (this.#closed) return;
    try {
      this.#makingOffer = true;
      const offer = await this.#pc.createOffer();
      if (this.#pc.signalingState !== 'stable') return;
      await this.#pc.setLocalDescription({ type: 'offer', sdp: withOpusOptions(offer.sdp, this.#maxBitrate) });
      this.#signal('webrtc_offer', this.#pc.localDescription.toJSON());
    } catch (error) {
      this.dispatchEvent(new CustomEvent('error', { detail: error }));
    } finally {
      this.#makingOffer = false;
    }
  }

  /**
   * Reports that the call cannot connect: 'no_candidates' (nothing to connect with, e.g. the TURN
   * server refused the credentials in relay-only mode), 'timeout' or 'ice_failed'; with the last
   * ICE candidate error, if any.
   */
  #fail(reason) {
    if (this.#failed || this.#closed) return;
    const state = this.#pc.iceConnectionState;
    if (state === 'connected' || state === 'completed') return;
    this.#failed = true;
    this.dispatchEvent(new CustomEvent('failed', { detail: { reason, error: this.#candidateError } }));
  }

  /** Handles webrtc_offer and webrtc_answer payloads. */
  async description(description) {
    if (this.#closed) return;
    const collision =
      description.type === 'offer' && (this.#makingOffer || this.#pc.signalingState !== 'stable');
    this.#ignoreOffer = !this.#polite && collision;
    if (this.#ignoreOffer) return;
    await this.#pc.setRemoteDescription(description);
    for (const candidate of this.#pendingCandidates.splice(0)) {
      await this.#addCandidate(candidate);
    }
    if (description.type === 'offer') {
      clearTimeout(this.#unstable);
      this.#addTracks();
      const answer = await this.#pc.createAnswer();
      await this.#pc.setLocalDescription({ type: 'answer', sdp: withOpusOptions(answer.sdp, this.#maxBitrate) });
      this.#signal('webrtc_answer', this.#pc.localDescription.toJSON());
    }
    this.#capBitrate();
  }

  /** Handles webrtc_candidate payloads; candidates before the remote description wait. */
  async candidate(candidate) {
    if (this.#closed) return;
    if (!this.#pc.remoteDescription) {
      this.#pendingCandidates.push(candidate);
      return;
    }
    await this.#addCandidate(candidate);
  }

  async #addCandidate(candidate) {
    try {
      await this.#pc.addIceCandidate(candidate);
    } catch (error) {
      if (!this.#ignoreOffer) this.dispatchEvent(new CustomEvent('error', { detail: error }));
    }
  }

  /** Puts a new microphone track on the call without renegotiating. */
  async replaceTrack(track, stream) {
    this.stream = stream;
    const sender = this.#pc.getSenders().find((s) => s.track && s.track.kind === 'audio');
    if (sender) await sender.replaceTrack(track);
  }

  get iceState() {
    return this.#pc.iceConnectionState;
  }

  /** Whether ICE is being restarted to bring a lost call back. */
  get recovering() {
    return this.#recovery !== null;
  }

  /** The negotiated descriptions (for the connection panel). */
  get descriptions() {
    return { local: this.#pc.localDescription, remote: this.#pc.remoteDescription };
  }

  /** The figures of the connection panel, from getStats(). */
  async stats() {
    const report = await this.#pc.getStats();
    const out = { at: performance.now() };
    let pairId = null;
    report.forEach((s) => {
      if (s.type === 'transport' && s.selectedCandidatePairId) pairId = s.selectedCandidatePairId;
    });
    report.forEach((s) => {
      if (s.type === 'candidate-pair' && (s.id === pairId || (!pairId && s.nominated && s.state === 'succeeded'))) {
        out.rtt = s.currentRoundTripTime;
        const local = report.get(s.localCandidateId);
        const remote = report.get(s.remoteCandidateId);
        out.localType = local && local.candidateType;
        out.remoteType = remote && remote.candidateType;
        out.protocol = local && (local.relayProtocol || local.protocol);
        out.localAddress = local && local.address;
      }
      if (s.type === 'inbound-rtp' && s.kind === 'audio') {
        out.packetsReceived = s.packetsReceived;
        out.packetsLost = s.packetsLost;
        out.bytesReceived = s.bytesReceived;
        out.jitter = s.jitter;
        out.totalAudioEnergy = s.totalAudioEnergy;
        const codec = report.get(s.codecId);
        out.codec = codec && `${codec.mimeType.replace('audio/', '')} ${codec.clockRate / 1000} kHz`;
      }
      if (s.type === 'outbound-rtp' && s.kind === 'audio') {
        out.bytesSent = s.bytesSent;
      }
    });
    return out;
  }

  close() {
    if (this.#closed) return;
    this.#closed = true;
    clearTimeout(this.#deadline);
    clearTimeout(this.#unstable);
    if (this.#recovery) clearTimeout(this.#recovery.timer);
    this.#pc.onnegotiationneeded = null;
    this.#pc.onicecandidateerror = null;
    this.#pc.onicegatheringstatechange = null;
    this.#pc.onicecandidate = null;
    this.#pc.oniceconnectionstatechange = null;
    this.#pc.ontrack = null;
    this.#pc.close();
  }
}
