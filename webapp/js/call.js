// One audio call over RTCPeerConnection with perfect negotiation (polite/impolite from the
// server's assign_role), trickle ICE with candidates queued until the remote description is set.

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

  /** How long a call may take to connect before it is given up. */
  static CONNECT_TIMEOUT_MS = 15_000;

  /**
   * @param peerId the other side
   * @param role "polite" or "impolite"; the impolite side sends the first offer
   * @param send function(type, fields) sending a signaling frame
   */
  constructor({ peerId, role, iceServers, iceTransportPolicy = 'all', stream, send }) {
    super();
    this.peerId = peerId;
    this.role = role;
    this.#polite = role === 'polite';
    this.#send = send;
    this.remoteStream = new MediaStream();
    this.#pc = new RTCPeerConnection({ iceServers, iceTransportPolicy });
    this.#pc.ontrack = ({ track }) => {
      this.remoteStream.addTrack(track);
      this.dispatchEvent(new Event('remotetrack'));
    };
    this.#pc.onicecandidate = ({ candidate }) => {
      if (!candidate) return;
      this.#gathered++;
      this.#signal('webrtc_candidate', candidate.toJSON());
    };
    this.#pc.oniceconnectionstatechange = () => {
      const state = this.#pc.iceConnectionState;
      if (state === 'connected' || state === 'completed') clearTimeout(this.#deadline);
      this.dispatchEvent(new CustomEvent('state', { detail: state }));
    };
    this.#pc.onicecandidateerror = (event) => {
      this.#candidateError = { code: event.errorCode, text: event.errorText, url: event.url };
    };
    this.#pc.onicegatheringstatechange = () => {
      if (this.#pc.iceGatheringState === 'complete' && this.#gathered === 0) {
        this.#fail('no-candidates');
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

  #signal(type, payload) {
    this.#send(type, { toUser: this.peerId, payload });
  }

  async #offer() {
    if (this.#closed) return;
    try {
      this.#makingOffer = true;
      await this.#pc.setLocalDescription();
      this.#signal('webrtc_offer', this.#pc.localDescription.toJSON());
    } catch (error) {
      this.dispatchEvent(new CustomEvent('error', { detail: error }));
    } finally {
      this.#makingOffer = false;
    }
  }

  /**
   * Reports that the call cannot connect: 'no-candidates' (nothing to connect with, e.g. the TURN
   * server refused the credentials in relay-only mode) or 'timeout'; with the last ICE candidate
   * error, if any.
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
      this.#addTracks();
      await this.#pc.setLocalDescription();
      this.#signal('webrtc_answer', this.#pc.localDescription.toJSON());
    }
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
    this.#pc.onnegotiationneeded = null;
    this.#pc.onicecandidateerror = null;
    this.#pc.onicegatheringstatechange = null;
    this.#pc.onicecandidate = null;
    this.#pc.oniceconnectionstatechange = null;
    this.#pc.ontrack = null;
    this.#pc.close();
  }
}
