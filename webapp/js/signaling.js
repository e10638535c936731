// The Duet WebSocket protocol: one connection, JSON frames, events named after frame types.

export class Signaling extends EventTarget {
  #socket = null;
  #wanted = false;
  #attempt = 0;
  #timer = null;
  userId = null;
  iceServers = [];
  iceTransportPolicy = 'all';

  constructor(url = Signaling.defaultUrl()) {
    super();
    this.url = url;
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
    const socket = new WebSocket(this.url);
    this.#socket = socket;
    socket.onmessage = (event) => {
      let message;
      try {
        message = JSON.parse(event.data);
      } catch {
        return;
      }
      if (message.type === 'session') {
        this.#attempt = 0;
        this.userId = message.payload.userId;
        this.iceServers = message.payload.iceServers || [];
        this.iceTransportPolicy = message.payload.iceTransportPolicy || 'all';
      }
      this.dispatchEvent(new CustomEvent(message.type, { detail: message }));
      this.dispatchEvent(new CustomEvent('message', { detail: message }));
    };
    socket.onclose = (event) => {
      if (this.#socket !== socket) return;
      this.#socket = null;
      this.dispatchEvent(new CustomEvent('closed', { detail: { code: event.code, reason: event.reason } }));
      if (this.#wanted && event.code !== 4409 && event.code !== 4400) {
        const delay = Math.min(10_000, 500 * 2 ** this.#attempt++);
        this.dispatchEvent(new CustomEvent('reconnecting', { detail: { delay } }));
        this.#timer = setTimeout(() => this.#connect(), delay);
      }
    };
  }

  get connected() {
    return this.#socket !== null && this.#socket.readyState === WebSocket.OPEN;
  }

  /** Sends one frame; returns false when the connection is not open. */
  send(type, fields = {}) {
    if (!this.connected) return false;
    this.#socket.send(JSON.stringify({ type, ...fields }));
    return true;
  }

  close() {
    this.#wanted = false;
    clearTimeout(this.#timer);
    if (this.#socket) this.#socket.close(1000);
    this.#socket = null;
  }
}
