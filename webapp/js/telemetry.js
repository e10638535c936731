// Call-quality telemetry: what the call's getStats() says, sent to the server as call_stats when
// the call connects (or fails to), every 30 s while it lasts, and when it ends. It names nobody;
// the server adds it to its aggregate figures and forgets it.

const clamp = (value, max) => Math.min(max, Math.max(0, value));

export class CallReporter {
  static PERIOD_MS = 30_000;
  #call;
  #send;
  #started = performance.now();
  #timer = 0;
  #state = 'calling';
  #route = null;
  #last = null;
  #figures = {};
  #sent = { succeeded: 0, failed: 0 };

  /** Reports on {@code call}; {@code send(payload)} sends one call_stats frame. */
  constructor(call, send) {
    this.#call = call;
    this.#send = send;
    call.addEventListener('state', ({ detail }) => {
      if ((detail === 'connected' || detail === 'completed') && this.#state === 'calling') this.#connected();
    });
    call.addEventListener('failed', ({ detail }) => this.#failed(detail.reason));
    call.addEventListener('lost', () => this.end('dropped'));
  }

  async #connected() {
    this.#state = 'connected';
    const setupMs = Math.round(performance.now() - this.#started);
    let sample = await this.#call.stats().catch(() => null);
    for (let i = 0; i < 5 && sample && !sample.localType; i++) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      sample = await this.#call.stats().catch(() => null);
    }
    if (this.#state !== 'connected' || !sample || !sample.localType) return;
    this.#route = {
      localCandidate: sample.localType,
      remoteCandidate: sample.remoteType,
      protocol: sample.protocol === 'tcp' ? 'tcp' : 'udp',
    };
    this.#last = sample;
    this.#report({ event: 'connected', setupMs: clamp(setupMs, 300_000), ...this.#route, ...this.#measure(sample, null) });
    this.#timer = setInterval(() => this.#update(), CallReporter.PERIOD_MS);
  }

  #failed(reason) {
    if (this.#state !== 'calling') return;
    this.#state = 'done';
    this.#report({ event: 'failed', reason });
  }

  async #update() {
    const sample = await this.#call.stats().catch(() => null);
    if (!sample || this.#state !== 'connected') return;
    const figures = this.#measure(sample, this.#last);
    this.#last = sample;
    if (sample.localType) {
      this.#route = { ...this.#route, localCandidate: sample.localType, remoteCandidate: sample.remoteType };
    }
    this.#report({ event: 'update', ...figures });
  }

  // Round trip and jitter as they are now; loss and bitrate over the time since the last sample.
  #measure(now, before) {
    const figures = {};
    if (typeof now.rtt === 'number') figures.rttMs = clamp(now.rtt * 1000, 60_000);
    if (typeof now.jitter === 'number') figures.jitterMs = clamp(now.jitter * 1000, 60_000);
    if (before && typeof now.packetsReceived === 'number') {
      const lost = (now.packetsLost || 0) - (before.packetsLost || 0);
      const received = now.packetsReceived - (before.packetsReceived || 0);
      if (lost + received > 0) figures.packetLoss = clamp(lost / (lost + received), 1);
      const seconds = (now.at - before.at) / 1000;
      if (seconds > 0) figures.bitrate = clamp(((now.bytesReceived || 0) - (before.bytesReceived || 0)) * 8 / seconds, 1_000_000);
    }
    this.#figures = figures;
    return figures;
  }

  /** The call ended: 'dropped' when it was lost and could not be brought back. */
  end(reason) {
    clearInterval(this.#timer);
    if (this.#state === 'done') return;
    const connected = this.#state === 'connected';
    this.#state = 'done';
    if (!connected) return;
    const payload = { event: 'ended', ...this.#figures };
    if (reason === 'dropped') Object.assign(payload, { reason, ...this.#route });
    this.#report(payload);
  }

  #report(payload) {
    const succeeded = this.#call.restartsSucceeded - this.#sent.succeeded;
    const failed = this.#call.restartsFailed - this.#sent.failed;
    if (succeeded || failed) {
      payload.iceRestarts = { succeeded: Math.min(20, succeeded), failed: Math.min(20, failed) };
      this.#sent = { succeeded: this.#sent.succeeded + payload.iceRestarts.succeeded, failed: this.#sent.failed + payload.iceRestarts.failed };
    }
    this.#send(payload);
  }
}
