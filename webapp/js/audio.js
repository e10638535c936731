// The microphone (with its processing options and device choice) and the volume meters.

export class Microphone {
  stream = null;
  options = { echoCancellation: true, noiseSuppression: true, autoGainControl: true };
  deviceId = null;
  muted = false;

  /** Asks for the microphone with the current options and device; replaces the old stream. */
  async acquire() {
    const audio = { ...this.options };
    if (this.deviceId) audio.deviceId = { exact: this.deviceId };
    const stream = await navigator.mediaDevices.getUserMedia({ audio, video: false });
    this.release();
    this.stream = stream;
    this.track.enabled = !this.muted;
    return stream;
  }

  get track() {
    return this.stream ? this.stream.getAudioTracks()[0] : null;
  }

  setMuted(muted) {
    this.muted = muted;
    if (this.track) this.track.enabled = !muted;
  }

  async devices() {
    const all = await navigator.mediaDevices.enumerateDevices();
    return all.filter((d) => d.kind === 'audioinput');
  }

  release() {
    if (this.stream) this.stream.getTracks().forEach((t) => t.stop());
    this.stream = null;
  }
}

/** A live level (0..1) of a media stream, drawn into a <meter> on every animation frame. */
export class LevelMeter {
  static #context = null;
  #source = null;
  #analyser;
  #data;
  #frame = 0;

  constructor(meter) {
    this.meter = meter;
  }

  static context() {
    if (!LevelMeter.#context) LevelMeter.#context = new AudioContext();
    if (LevelMeter.#context.state === 'suspended') LevelMeter.#context.resume();
    return LevelMeter.#context;
  }

  attach(stream) {
    this.detach();
    if (!stream || stream.getAudioTracks().length === 0) return;
    const context = LevelMeter.context();
    this.#source = context.createMediaStreamSource(stream);
    this.#analyser = context.createAnalyser();
    this.#analyser.fftSize = 512;
    this.#data = new Float32Array(this.#analyser.fftSize);
    this.#source.connect(this.#analyser);
    const draw = () => {
      this.#analyser.getFloatTimeDomainData(this.#data);
      let sum = 0;
      for (const v of this.#data) sum += v * v;
      this.meter.value = Math.min(1, Math.sqrt(sum / this.#data.length) * 4);
      this.#frame = requestAnimationFrame(draw);
    };
    draw();
  }

  detach() {
    cancelAnimationFrame(this.#frame);
    if (this.#source) this.#source.disconnect();
    this.#source = null;
    this.meter.value = 0;
  }
}
