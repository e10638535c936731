// The bot gate's proof of work (the ALTCHA scheme), off the page's thread: find the number n from 0
// to maxnumber whose SHA-256 of salt + n is the challenge (hex). Posts {progress} now and then, and
// {number} at the end (null if none was found). SHA-256 is computed here, synchronously (FIPS
// 180-4): an awaited crypto.subtle.digest per number costs about ten times as much for inputs this
// short.
const K = new Uint32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);
const W = new Uint32Array(64);
const H = new Uint32Array(8);

function sha256(bytes, length) {
  H.set([
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
  ]);
  const blocks = ((length + 8) >> 6) + 1;
  for (let block = 0; block < blocks; block++) {
    for (let t = 0; t < 16; t++) {
      let word = 0;
      for (let b = 0; b < 4; b++) {
        const i = block * 64 + t * 4 + b;
        const byte = i < length ? bytes[i] : i === length ? 0x80 : 0;
        word = (word << 8) | byte;
      }
      W[t] = word;
    }
    if (block === blocks - 1) {
      W[14] = Math.floor((length * 8) / 0x100000000);
      W[15] = (length * 8) >>> 0;
    }
    for (let t = 16; t < 64; t++) {
      const a = W[t - 15];
      const b = W[t - 2];
      const s0 = ((a >>> 7) | (a << 25)) ^ ((a >>> 18) | (a << 14)) ^ (a >>> 3);
      const s1 = ((b >>> 17) | (b << 15)) ^ ((b >>> 19) | (b << 13)) ^ (b >>> 10);
      W[t] = W[t - 16] + s0 + W[t - 7] + s1;
    }
    let [a, b, c, d, e, f, g, h] = H;
    for (let t = 0; t < 64; t++) {
      const s1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
      const t1 = (h + s1 + ((e & f) ^ (~e & g)) + K[t] + W[t]) | 0;
      const s0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
      const t2 = (s0 + ((a & b) ^ (a & c) ^ (b & c))) | 0;
      h = g;
      g = f;
      f = e;
      e = (d + t1) | 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) | 0;
    }
    H[0] += a;
    H[1] += b;
    H[2] += c;
    H[3] += d;
    H[4] += e;
    H[5] += f;
    H[6] += g;
    H[7] += h;
  }
  return H;
}

self.onmessage = ({ data: { challenge, salt, maxnumber } }) => {
  const wanted = new Uint32Array(8);
  for (let i = 0; i < 8; i++) wanted[i] = parseInt(challenge.slice(i * 8, i * 8 + 8), 16);
  const prefix = new TextEncoder().encode(salt);
  const bytes = new Uint8Array(prefix.length + 20);
  bytes.set(prefix);
  for (let n = 0; n <= maxnumber; n++) {
    const digits = String(n);
    for (let i = 0; i < digits.length; i++) bytes[prefix.length + i] = digits.charCodeAt(i);
    const hash = sha256(bytes, prefix.length + digits.length);
    let same = true;
    for (let i = 0; same && i < 8; i++) same = hash[i] === wanted[i];
    if (same) {
      self.postMessage({ number: n });
      return;
    }
    if (n % 20000 === 0) self.postMessage({ progress: n / maxnumber });
  }
  self.postMessage({ number: null });
};
