// Test hooks of the browser tests, injected before the page's own scripts (Browsers.person()); the
// production page exposes nothing. They watch the page's RTCPeerConnections and WebSockets from the
// outside and give the tests window.duet: read-only state, and the actions the tests need: an
// offer made at once, incoming frames held back from the first offer on and let go in order (so
// that two offers surely cross: glare), and a socket dropped as a network change would.
(() => {
  const connections = [];
  const setupMillis = new Map();
  let socket = null;
  let session = null;
  let holding = false;
  const held = [];
  const released = new WeakSet();
  let sentOffers = 0;
  let crossedOffers = 0;
  let rollbacks = 0;
  const sentFrames = [];
  const restarts = new WeakMap();

  const NativePeerConnection = window.RTCPeerConnection;
  window.RTCPeerConnection = class RTCPeerConnection extends NativePeerConnection {
    constructor(...args) {
      super(...args);
      const created = performance.now();
      connections.push(this);
      this.addEventListener('iceconnectionstatechange', () => {
        const state = this.iceConnectionState;
        if ((state === 'connected' || state === 'completed') && !setupMillis.has(this)) {
          setupMillis.set(this, Math.round(performance.now() - created));
        }
      });
    }

    restartIce() {
      restarts.set(this, (restarts.get(this) || 0) + 1);
      return super.restartIce();
    }

    setRemoteDescription(description, ...rest) {
      if (description && description.type === 'offer' && this.signalingState === 'have-local-offer') {
        rollbacks++;
      }
      return super.setRemoteDescription(description, ...rest);
    }
  };

  const NativeWebSocket = window.WebSocket;
  window.WebSocket = class WebSocket extends NativeWebSocket {
    constructor(...args) {
      super(...args);
      socket = this;
      this.addEventListener('message', (event) => {
        if (released.has(event)) return;
        try {
          const message = JSON.parse(event.data);
          if (message.type === 'session') session = message.payload;
          if (holding && (held.length > 0 || message.type === 'webrtc_offer')) {
            event.stopImmediatePropagation();
            held.push({ target: this, data: event.data });
          }
        } catch {
          // not a frame of the protocol
        }
      });
    }

    send(data) {
      if (typeof data === 'string' && data.includes('"type":"webrtc_offer"')) sentOffers++;
      if (typeof data === 'string' && /"type":"(call_stats|refresh_ice)"/.test(data)) {
        sentFrames.push(JSON.parse(data));
      }
      return super.send(data);
    }
  };

  const open = () => connections.filter((pc) => pc.signalingState !== 'closed');
  const current = () => open().at(-1) || null;

  async function stats(pc) {
    const report = await pc.getStats();
    const out = {};
    let pairId = null;
    report.forEach((s) => {
      if (s.type === 'transport' && s.selectedCandidatePairId) pairId = s.selectedCandidatePairId;
    });
    report.forEach((s) => {
      if (s.type === 'candidate-pair' && (s.id === pairId || (!pairId && s.nominated && s.state === 'succeeded'))) {
        const local = report.get(s.localCandidateId);
        const remote = report.get(s.remoteCandidateId);
        out.localType = local && local.candidateType;
        out.remoteType = remote && remote.candidateType;
        out.localAddress = local && local.address;
        out.remoteAddress = remote && remote.address;
      }
      if (s.type === 'inbound-rtp' && s.kind === 'audio') {
        out.packetsReceived = s.packetsReceived;
        out.bytesReceived = s.bytesReceived;
        out.totalAudioEnergy = s.totalAudioEnergy;
        out.packetsLost = s.packetsLost;
      }
    });
    out.candidates = [];
    report.forEach((s) => {
      if (s.type === 'local-candidate' || s.type === 'remote-candidate') {
        out.candidates.push(`${s.type.split('-')[0]} ${s.candidateType} ${s.address}:${s.port}`);
      }
    });
    return out;
  }

  window.duet = {
    state: () => document.getElementById('app').dataset.state,
    problem: () => {
      const problem = document.getElementById('problem');
      return problem.hidden ? null : problem.textContent;
    },
    userId: () => (session ? session.userId : null),
    resumed: () => (session ? session.resumed : false),
    iceState: () => (current() ? current().iceConnectionState : null),
    stats: () => (current() ? stats(current()) : null),
    setupMillis: () => setupMillis.get(connections.at(-1)) ?? null,
    openPeerConnections: () => open().length,
    createdPeerConnections: () => connections.length,
    offerNow: () => {
      const pc = current();
      return pc && pc.onnegotiationneeded ? pc.onnegotiationneeded() : null;
    },
    holdOffers: () => {
      holding = true;
    },
    heldOffers: () => held.length,
    sentOffers: () => sentOffers,
    releaseOffers: () => {
      holding = false;
      if (held.length > 0 && current() && current().signalingState === 'have-local-offer') {
        crossedOffers++;
      }
      for (const { target, data } of held.splice(0)) {
        const event = new MessageEvent('message', { data });
        released.add(event);
        target.dispatchEvent(event);
      }
    },
    crossedOffers: () => crossedOffers,
    /** The call_stats and refresh_ice frames the page sent, oldest first. */
    sent: (type) => sentFrames.filter((f) => f.type === type),
    /** The ICE restarts the page asked for on its current call. */
    iceRestarts: () => (current() ? restarts.get(current()) || 0 : 0),
    sdp: () =>
      current()
        ? { local: current().localDescription?.sdp || null, remote: current().remoteDescription?.sdp || null }
        : null,
    senderMaxBitrate: () => {
      const sender = current() && current().getSenders().find((s) => s.track && s.track.kind === 'audio');
      const encodings = sender ? sender.getParameters().encodings : null;
      return encodings && encodings.length ? encodings[0].maxBitrate ?? null : null;
    },
    rollbacks: () => rollbacks,
    dropConnection: () => {
      if (socket && socket.readyState <= NativeWebSocket.OPEN) socket.close(4000, 'network change');
    },
  };
})();
