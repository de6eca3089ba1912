/** Runs only the demo's order-saga traffic against KAFKA_BROKERS until Ctrl-C (e.g. into an existing cluster). */
import { startDemoTraffic } from "../server/demo";
import { connectionFromEnv } from "../server/kafka/client";

const brokers = process.env.KAFKA_BROKERS;
if (!brokers) {
  console.error("Set KAFKA_BROKERS=host:9092 (or use `npm run demo`, which starts a local broker).");
  process.exit(2);
}
// KAFKA_SASL_* and KAFKA_SSL* apply as for the server.
const connection = connectionFromEnv(brokers.split(",").map((b) => b.trim()).filter(Boolean), false);
const demo = await startDemoTraffic({ connection, log: (msg, fields) => console.error(msg, fields ? JSON.stringify(fields) : "") });
const timer = setInterval(() => console.error(JSON.stringify(demo.stats())), 5000);
const stop = async () => {
  clearInterval(timer);
  await demo.stop();
  process.exit(0);
};
process.on("SIGINT", () => void stop());
process.on("SIGTERM", () => void stop());
