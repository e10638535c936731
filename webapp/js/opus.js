// Opus as it suits mobile data: in-band FEC (a lost packet is rebuilt from the next one) and DTX
// (next to nothing is sent while nobody speaks) on, and a ceiling on the bitrate, both in what this
// page asks the other side to send (the SDP's fmtp line) and in what it sends itself (the sender's
// encoding parameters).

/** What "Data saver" lets the page send and ask for at most, in bits a second. */
export const DATA_SAVER_BITRATE = 12_000;

/** The SDP with FEC, DTX and the bitrate ceiling on every Opus payload type. */
export function withOpusOptions(sdp, maxBitrate) {
  const lines = sdp.split('\r\n');
  const opus = new Set(
    lines.map((line) => /^a=rtpmap:(\d+) opus\/48000/i.exec(line)).filter(Boolean).map((m) => m[1]),
  );
  const wanted = { useinbandfec: '1', usedtx: '1', maxaveragebitrate: String(maxBitrate) };
  const seen = new Set();
  const out = lines.map((line) => {
    const match = /^a=fmtp:(\d+) (.*)$/.exec(line);
    if (!match || !opus.has(match[1])) return line;
    seen.add(match[1]);
    const params = new Map(
      match[2].split(';').map((p) => p.trim()).filter(Boolean).map((p) => {
        const at = p.indexOf('=');
        return at < 0 ? [p, ''] : [p.slice(0, at), p.slice(at + 1)];
      }),
    );
    for (const [key, value] of Object.entries(wanted)) params.set(key, value);
    return `a=fmtp:${match[1]} ${[...params].map(([k, v]) => (v === '' ? k : `${k}=${v}`)).join(';')}`;
  });
  return out
    .flatMap((line) => {
      const match = /^a=rtpmap:(\d+) opus\/48000/i.exec(line);
      if (!match || seen.has(match[1])) return [line];
      const params = Object.entries(wanted).map(([k, v]) => `${k}=${v}`).join(';');
      return [line, `a=fmtp:${match[1]} ${params}`];
    })
    .join('\r\n');
}

/**
 * Caps what the page sends; the cap shows in the sender's parameters. A sender has its encodings
 * once it is negotiated, so this is done after every description is set.
 */
export async function capBitrate(pc, maxBitrate) {
  for (const sender of pc.getSenders()) {
    if (!sender.track || sender.track.kind !== 'audio') continue;
    const params = sender.getParameters();
    if (!params.encodings || params.encodings.length === 0) continue;
    params.encodings[0].maxBitrate = maxBitrate;
    await sender.setParameters(params);
  }
}

/** What the connection panel says is in effect, from the negotiated SDP. */
export function opusInEffect(description) {
  const sdp = (description && description.sdp) || '';
  const fmtp = /a=fmtp:\d+ (.*useinbandfec.*)/.exec(sdp);
  const text = fmtp ? fmtp[1] : '';
  return { fec: /useinbandfec=1/.test(text), dtx: /usedtx=1/.test(text) };
}
