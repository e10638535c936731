// PeerJS server 1.0.2 for the benchmark (mvn -Pbench): the library's PeerServer with the options of
// its command line, minus the line it logs per connection. Usage: node peerjs-server.mjs PORT
import { PeerServer } from "peer";

const port = Number(process.argv[2]);
PeerServer({ host: "127.0.0.1", port, path: "/", concurrent_limit: 1_000_000 }, (server) => {
  console.log(`PeerServer listening on ${server.address().port}`);
});
process.on("SIGTERM", () => process.exit(0));
