// TURN credentials that are valid whenever they are used: fresh ICE servers from the server
// (refresh_ice, answered ice_servers) before every ICE restart and at half the credentials'
// lifetime, for the next call and for the current call's next gathering. An allocation made with
// them lives on past their expiry (coturn checks a credential when the allocation is made); a new
// allocation, after a network change or for the next stranger, needs valid ones.

const ANSWER_MS = 3_000;
const MIN_RENEW_MS = 10_000;
let sequence = 0;

export class IceKeeper {
  #signaling;
  #currentCall;
  #timer = 0;
  #waiting = new Map();

  constructor(signaling, currentCall) {
    this.#signaling = signaling;
    this.#currentCall = currentCall;
    signaling.addEventListener('session', ({ detail }) => this.#schedule(detail));
    signaling.addEventListener('ice_servers', ({ detail }) => {
      this.#signaling.iceServers = detail.payload.iceServers || [];
      this.#schedule(detail);
      const resolve = this.#waiting.get(detail.messageId);
      if (resolve) resolve(detail.payload);
    });
    signaling.addEventListener('error', ({ detail }) => {
      const resolve = this.#waiting.get(detail.messageId);
      if (resolve) resolve(null);
    });
  }

  /** Fresh ICE servers ({iceServers, iceTransportPolicy}), or null if none came within 3 s. */
  refresh() {
    const messageId = `ice-${++sequence}`;
    return new Promise((resolve) => {
      const done = (answer) => {
        clearTimeout(timer);
        this.#waiting.delete(messageId);
        resolve(answer);
      };
      const timer = setTimeout(() => done(null), ANSWER_MS);
      this.#waiting.set(messageId, done);
      if (!this.#signaling.send('refresh_ice', { messageId })) done(null);
    });
  }

  // The credentials' lifetime from the TURN username ("<expiry seconds>:<user>") and the frame's
  // server time, so the page's own clock does not matter.
  #schedule(frame) {
    clearTimeout(this.#timer);
    const servers = (frame.payload && frame.payload.iceServers) || [];
    const expiry = servers.map((s) => /^(\d+):/.exec(s.username || '')).find(Boolean);
    const issued = Date.parse(frame.createTime);
    if (!expiry || Number.isNaN(issued)) return;
    const lifetime = Number(expiry[1]) * 1000 - issued;
    this.#timer = setTimeout(() => this.#renew(), Math.max(MIN_RENEW_MS, lifetime / 2));
  }

  async #renew() {
    const fresh = await this.refresh();
    if (!fresh) {
      this.#timer = setTimeout(() => this.#renew(), MIN_RENEW_MS);
      return;
    }
    const call = this.#currentCall();
    if (call) call.useIceServers(fresh.iceServers);
  }
}
