/** Runs only the demo system against KAFKA_BROKERS until Ctrl-C (e.g. into an existing cluster); no dashboard, so no scenario levers. */
import { startDemo } from "../server/demo";
import { assertOwnDatabase } from "../server/demo/db";
import { connectionFromEnv } from "../server/kafka/client";

async function main(): Promise<void> {
  const brokers = process.env.KAFKA_BROKERS;
  if (!brokers) {
    console.error(
      "Set KAFKA_BROKERS=host:9092 (or use `npm run demo`, which starts a local broker and the dashboard).",
    );
    process.exit(2);
  }
  // KAFKA_SASL_* and KAFKA_SSL* apply as for the server.
  const connection = connectionFromEnv(
    brokers
      .split(",")
      .map((b) => b.trim())
      .filter(Boolean),
    false,
  );
  const dataDir = process.env.DATA_DIR ?? "data";
  assertOwnDatabase(process.env.DEMO_DATABASE_URL, process.env.DATABASE_URL, dataDir);
  const demo = await startDemo({
    connection,
    database: { url: process.env.DEMO_DATABASE_URL, dataDir },
    log: (msg, fields) => console.error(msg, fields ? JSON.stringify(fields) : ""),
  });
  const timer = setInterval(
    () =>
      void demo.state().then((s) =>
        console.error(
          JSON.stringify({
            orders: s.orders,
            services: s.services.map((v) => [v.service, v.processed, v.outboxBacklog]),
          }),
        ),
      ),
    5000,
  );
  const stop = async () => {
    clearInterval(timer);
    await demo.stop();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop());
  process.on("SIGTERM", () => void stop());
}

void main();
