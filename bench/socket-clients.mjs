// Worker thread for bench/streams.ts: N socket.io clients subscribed to one
// topic, counting records received and records the server dropped for them.
import { parentPort, workerData } from "node:worker_threads";
import { io } from "socket.io-client";

const { url, topic, count } = workerData;
const received = new Array(count).fill(0);
const dropped = new Array(count).fill(0);
const sockets = [];
/** Produce → received over the socket, for the first client (the server's share of the browser latency). */
const latency = [];
let subscribed = 0;
for (let i = 0; i < count; i++) {
  const s = io(url, { transports: ["websocket"], forceNew: true });
  s.on("records:batch", (b) => {
    received[i] += b.records.length;
    if (i === 0) {
      const now = Date.now();
      for (const r of b.records) {
        const t = /"t":\s*(\d+)/.exec(r.value.text ?? "");
        if (t) latency.push(now - Number(t[1]));
      }
    }
    dropped[i] += b.dropped;
  });
  s.on("connect", () =>
    s.emit("subscribe", { topics: [topic] }, () => {
      if (++subscribed === count) parentPort.postMessage("subscribed");
    }),
  );
  sockets.push(s);
}
parentPort.on("message", () => {
  parentPort.postMessage({ received, dropped, latency });
  for (const s of sockets) s.close();
});
