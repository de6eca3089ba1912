/**
 * `npm run demo`: a local Kafka broker (unless KAFKA_BROKERS is set), the
 * order-saga demo traffic, and the dashboard at http://localhost:3000 — all in
 * this one process tree, stopped together with Ctrl-C.
 */
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { loadConfig } from "../server/config";
import { createLogger } from "../server/log";
import { noSecurity } from "../server/kafka/client";
import { startSagascope } from "../server/app";
import { startDemo } from "../server/demo";
import { assertOwnDatabase } from "../server/demo/db";
import { prefixedSagaDir } from "../server/demo/prefix";
import { startLocalBroker } from "../tools/kafka-broker/broker";
import { ensureProductionBuild } from "./next-build";

const say = (line: string) => process.stderr.write(`[demo] ${line}\n`);

async function main(): Promise<void> {
  const t0 = Date.now();
  const elapsed = () => `${((Date.now() - t0) / 1000).toFixed(1)} s`;
  say(process.env.KAFKA_BROKERS ? `using Kafka at ${process.env.KAFKA_BROKERS}` : "starting a local Kafka broker…");
  // The UI build and the broker start are independent: run them side by side.
  // The broker keeps its data beside the dashboard's database (DATA_DIR), so
  // offsets, dead letters and history stay consistent from one demo run to the next.
  const brokerDir = path.join(process.env.DATA_DIR ?? "data", "kafka");
  const [broker] = await Promise.all([startLocalBroker({ log: say, dataDir: brokerDir }), ensureProductionBuild(say)]);
  say(`Kafka ready at ${broker.brokers} (${elapsed()})`);

  const loaded = loadConfig({ ...process.env, NODE_ENV: "production", KAFKA_BROKERS: broker.brokers });
  // Under a topic prefix (a shared cluster, the e2e suite) the dashboard tracks the demo's sagas on the prefixed topics.
  const topicPrefix = process.env.DEMO_TOPIC_PREFIX ?? "";
  const config = topicPrefix
    ? {
        ...loaded,
        sagas: {
          ...loaded.sagas,
          dir: prefixedSagaDir(
            loaded.sagas.dir,
            topicPrefix,
            mkdtempSync(path.join(os.tmpdir(), "sagascope-demo-sagas-")),
          ),
        },
      }
    : loaded;
  // KAFKA_SASL_* / KAFKA_SSL* are for a cluster given by KAFKA_BROKERS; the broker started here is plaintext on loopback.
  const kafkaSecurity = broker.started ? noSecurity : config.kafkaSecurity;
  const log = createLogger(config.logLevel, { service: "sagascope" });
  assertOwnDatabase(process.env.DEMO_DATABASE_URL, config.databaseUrl, config.dataDir);
  // The demo first: it creates its topics and waits for their leaders, so the
  // dashboard's saga replay finds them ready instead of failing on a topic
  // created a moment earlier ("not the leader for that topic-partition").
  const traffic = await startDemo({
    connection: { brokers: config.brokers, security: kafkaSecurity },
    database: { url: process.env.DEMO_DATABASE_URL, dataDir: config.dataDir },
    topicPrefix,
    log: (msg, fields) => log.info(msg, { component: "demo", ...fields }),
  });
  const app = await startSagascope({ ...config, kafkaSecurity, dev: false }, log).catch(async (err: unknown) => {
    await traffic.stop().catch(() => undefined);
    throw err;
  });
  // The Scenario page and /api/demo drive this demo.
  app.attachDemo(traffic);
  say(`dashboard: http://localhost:${app.port}  (ready in ${elapsed()}; Ctrl-C stops everything)`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    say(`${signal}: stopping demo traffic, dashboard and broker…`);
    const force = setTimeout(() => process.exit(1), 20_000);
    force.unref();
    app.attachDemo(null);
    await traffic.stop().catch((e: unknown) => say(`demo traffic stop failed: ${String(e)}`));
    await app.close().catch((e: unknown) => say(`dashboard stop failed: ${String(e)}`));
    await broker.stop().catch((e: unknown) => say(`broker stop failed: ${String(e)}`));
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
}

main().catch((err: unknown) => {
  const e = err as { message?: string; code?: string };
  say(`failed${e.code ? ` (${e.code})` : ""}: ${e.message ?? String(err)}`);
  process.exit(1);
});
