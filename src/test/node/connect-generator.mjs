// An independent connect-rate generator for the benchmark (mvn -Pbench), on Node's `ws`: opens
// COUNT WebSockets, at most 200 handshakes at a time, each counted when greeted (Duet's `session`,
// PeerJS's `OPEN`, the bare endpoint's open), then closes them all. Prints one JSON line:
// connections per second and this process's own CPU in percent of one core.
// Usage: node connect-generator.mjs KIND URL COUNT
//   KIND: duet, bare or peerjs; URL: the WebSocket URL with {id} in it.
import WebSocket from "ws";

const [kind, template, countText] = process.argv.slice(2);
const count = Number(countText);
const greeting = { duet: '"session"', bare: null, peerjs: '"OPEN"' }[kind];
const sockets = [];
let ready = 0;
let next = 0;
const cpu = process.cpuUsage();
const start = process.hrtime.bigint();
await new Promise((resolve, reject) => {
  const deadline = setTimeout(() => reject(new Error(`${count - ready} not ready`)), 120_000);
  const done = () => {
    if (++ready === count) {
      clearTimeout(deadline);
      resolve();
    } else if (next < count) {
      open(next++);
    }
  };
  const open = (i) => {
    const ws = new WebSocket(template.replace("{id}", "n" + i), { perMessageDeflate: false });
    sockets.push(ws);
    ws.on("open", () => greeting || done());
    ws.on("message", (data) => {
      if (greeting && !ws.greeted && data.toString().includes(greeting)) {
        ws.greeted = true;
        done();
      }
    });
    ws.on("error", reject);
  };
  while (next < Math.min(200, count)) open(next++);
});
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
const used = process.cpuUsage(cpu);
console.log(
  JSON.stringify({
    rate: Math.round(count / seconds),
    generatorCpuPercent: Math.round((100 * (used.user + used.system)) / 1e6 / seconds),
  }),
);
let closing = sockets.length;
await new Promise((resolve) => {
  setTimeout(resolve, 30_000);
  for (const ws of sockets) {
    ws.on("close", () => --closing === 0 && resolve());
    ws.close(1000);
  }
});
process.exit(0);
