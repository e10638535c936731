// An independent load generator for the benchmark (mvn -Pbench), on Node's `ws` rather than Java's
// HttpClient: PAIRS pairs of WebSockets keep one ~600-byte candidate each in flight (closed loop)
// for WARM_UP + MEASURE seconds. Prints one JSON line: messages per second over MEASURE, and this
// process's own CPU in percent of one core, so that a generator at its limit shows.
// Usage: node relay-generator.mjs KIND URL PAIRS WARM_UP MEASURE
//   KIND: duet (rooms, waits for assign_role), bare (no greeting), peerjs (waits for OPEN);
//   URL: the WebSocket URL with {id} and {room} in it.
import WebSocket from "ws";

const [kind, template, pairsText, warmUpText, measureText] = process.argv.slice(2);
const pairs = Number(pairsText);
const warmUp = Number(warmUpText) * 1000;
const measure = Number(measureText) * 1000;
const ready = { duet: '"assign_role"', bare: null, peerjs: '"OPEN"' }[kind];
const marker = kind === "peerjs" ? '"CANDIDATE"' : '"webrtc_candidate"';
const pad = "x".repeat(380);

function signal(to) {
  const candidate =
    "candidate:842163049 1 udp 1677729535 203.0.113.7 46154 typ srflx raddr 10.0.0.7 rport 46154" +
    " generation 0 ufrag EsAw network-id 1 network-cost 10 " + pad;
  const payload = { candidate, sdpMid: "0", sdpMLineIndex: 0, t: Date.now() };
  return JSON.stringify(
    kind === "peerjs"
      ? { type: "CANDIDATE", dst: to, payload }
      : { type: "webrtc_candidate", toUser: to, payload },
  );
}

const partner = (i) => "g" + (i ^ 1);
let counting = false;
let received = 0;
const sockets = [];
let waiting = 2 * pairs;
const allReady = new Promise((resolve, reject) => {
  const deadline = setTimeout(() => reject(new Error(`${waiting} sockets not ready`)), 60_000);
  const one = () => {
    if (--waiting === 0) {
      clearTimeout(deadline);
      resolve();
    }
  };
  const open = (i) => {
    const url = template.replace("{id}", "g" + i).replace("{room}", "gr" + (i >> 1));
    const ws = new WebSocket(url, { perMessageDeflate: false });
    sockets[i] = ws;
    ws.on("open", () => {
      if (i + 200 < 2 * pairs && sockets[i + 200] === undefined) open(i + 200);
      if (!ready) one();
    });
    ws.on("message", (data) => {
      const text = data.toString();
      if (ready && text.includes(ready) && !ws.ready) {
        ws.ready = true;
        one();
      } else if (text.includes(marker)) {
        if (counting) received++;
        ws.send(signal(partner(i)));
      }
    });
    ws.on("error", (e) => reject(e));
  };
  for (let i = 0; i < Math.min(200, 2 * pairs); i++) open(i);
});

await allReady;
for (let i = 0; i < 2 * pairs; i += 2) sockets[i].send(signal(partner(i)));
await new Promise((r) => setTimeout(r, warmUp));
counting = true;
const cpu = process.cpuUsage();
const start = process.hrtime.bigint();
await new Promise((r) => setTimeout(r, measure));
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
const used = process.cpuUsage(cpu);
console.log(
  JSON.stringify({
    rate: Math.round(received / seconds),
    generatorCpuPercent: Math.round((100 * (used.user + used.system)) / 1e6 / seconds),
  }),
);
sockets.forEach((ws) => ws.terminate());
process.exit(0);
