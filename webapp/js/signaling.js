// The Duet WebSocket protocol: one connection, JSON frames, events named after frame types.
// The session survives the connection: after a drop the page reconnects with its token and the
// server resumes the session (same user, rooms and match) within its grace period.

const TOKEN_KEY = 'duet.token';
// The device token the server signs: kept for good in this browser, sent on every connection, so a
// ban of the device holds whatever user ID the page uses.
const DEVICE_KEY = 'duet.device';
const QUEUED_TYPES = new Set(['webrtc_offer', 'webrtc_answer', 'webrtc_candidate', 'hangup', 'chat_message']);
const QUEUE_LIMIT = 64;

export class Signaling extends EventTarget {
  #socket = null;
  #wanted = false;
  #attempt = 0;
  #timer = null;
  #queue = [];
  userId = null;
  resumed = false;
  iceServers = [];
  iceTransportPolicy = 'all';
  audioMaxBitrate = 32_000;

  constructor(url = Signaling.defaultUrl()) {
    super();
    this.url = url;
    window.addEventListener('online', () => this.#wanted && !this.#socket && this.#connect());
  }

  static defaultUrl() {
    const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
    return `${scheme}//${location.host}/ws`;
  }

  /** Opens the connection and keeps it open, reconnecting with backoff until close(). */
  open() {
    this.#wanted = true;
    this.#connect();
  }

  #connect() {
    clearTimeout(this.#timer);
    const query = new URLSearchParams();
    const token = sessionStorage.getItem(TOKEN_KEY);
    const device = localStorage.getItem(DEVICE_KEY);
    if (token) query.set('token', token);
    if (device) query.set('device', device);
    const socket = new WebSocket(query.size ? `${this.url}?${query}` : this.url);
    this.#socket = socket;
    socket.onmessage = (event) => {
      let message;
      try {
        message = JSON.parse(event.data);
      } catch {
        return;
      }
      if (message.type === 'session') this.#started(message.payload);
      this.dispatchEvent(new CustomEvent(message.type, { detail: message }));
      this.dispatchEvent(new CustomEvent('message', { detail: message }));
      if (message.type === 'session') this.#flush(message.payload.resumed);
    };
    socket.onclose = (event) => {
      if (this.#socket !== socket) return;
      this.#socket = null;
      if (event.code === 4401 || event.code === 4403) sessionStorage.removeItem(TOKEN_KEY);
      this.dispatchEvent(new CustomEvent('closed', { detail: { code: event.code, reason: event.reason } }));
      if (this.#wanted && event.code !== 4409 && event.code !== 4400 && event.code !== 4403) {
        const delay = event.code === 4401 ? 0 : Math.min(4_000, 250 * 2 ** this.#attempt++);
        this.dispatchEvent(new CustomEvent('reconnecting', { detail: { delay } }));
        this.#timer = setTimeout(() => this.#connect(), delay);
      }
    };
  }

  #started(payload) {
    this.#attempt = 0;
    this.userId = payload.userId;
    this.resumed = payload.resumed;
    this.iceServers = payload.iceServers || [];
    this.iceTransportPolicy = payload.iceTransportPolicy || 'all';
    this.audioMaxBitrate = payload.audioMaxBitrate;
    sessionStorage.setItem(TOKEN_KEY, payload.token);
    if (payload.deviceToken) localStorage.setItem(DEVICE_KEY, payload.deviceToken);
  }

  // What the page said while the connection was down goes out once the session is resumed; to a
  // new session it would mean nothing.
  #flush(resumed) {
    const queued = this.#queue;
    this.#queue = [];
    if (resumed) for (const frame of queued) this.#socket.send(frame);
  }

  get connected() {
    return this.#socket !== null && this.#socket.readyState === WebSocket.OPEN;
  }

  /**
   * Sends one frame. While the connection is down, signaling and chat are kept (up to 64 frames)
   * for the resumed session; returns false for anything else, or when the page is not connected.
   */
  send(type, fields = {}) {
    const frame = JSON.stringify({ type, ...fields });
    if (this.connected) {
      this.#socket.send(frame);
      return true;
    }
    if (this.#wanted && QUEUED_TYPES.has(type) && this.#queue.length < QUEUE_LIMIT) {
      this.#queue.push(frame);
      return true;
    }
    return false;
  }

  /** Ends the session for good. */
  close() {
    this.#wanted = false;
    this.#queue = [];
    clearTimeout(this.#timer);
    if (this.#socket) this.#socket.close(1000);
    this.#socket = null;
    sessionStorage.removeItem(TOKEN_KEY);
  }
}
