/**
 * The server's steady-state ingest under a CPU profile, to see where the
 * time goes (the streams benchmark gives the rate, not the reason):
 *
 *   node --expose-gc --import tsx bench/ingest-profile.ts [records]
 *
 * Produces `records` (default 200k) like bench/streams.ts, reads them with a
 * bare kafkajs consumer, then with the server; the profiler (the inspector's,
 * which is what `node --cpu-prof` writes) runs only from the first 10% the
 * server ingested to the last, so start-up and the group join are left out.
 * The bare consumer's read is profiled as well, for comparison. Writes
 * bench/results/ingest-<time>.cpuprofile (the server's) and prints the self
 * time per category of both, and the ratio of their rates.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import os from "node:os";
import path from "node:path";
import { Kafka, logLevel } from "kafkajs";
import { loadConfig } from "../server/config";
import { createLogger } from "../server/log";
import { startSagascope } from "../server/app";
import { startLocalBroker } from "../tools/kafka-broker/broker";
import { bareRead, ingested, produce, waitIngested } from "./streams";
import { summarise, type CpuProfile } from "./profile-summary";

const total = Number(process.argv[2] ?? 200_000);
const broker = await startLocalBroker({ log: () => undefined });
try {
  const kafka = new Kafka({ clientId: "bench", brokers: broker.brokers.split(","), logLevel: logLevel.NOTHING });
  const topic = `bench-profile-${Date.now().toString(36)}`;
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 3 }], waitForLeaders: true });
  await admin.disconnect();
  await produce(kafka, topic, total);
  const session = new Session();
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.setSamplingInterval", { interval: 200 });
  // The bare consumer's whole read is profiled too: what kafkajs alone costs here, GC included.
  await session.post("Profiler.start");
  const bare = await bareRead(kafka, topic, total);
  const { profile: bareProfile } = (await session.post("Profiler.stop")) as { profile: CpuProfile };

  const config = loadConfig({
    PORT: "0",
    KAFKA_BROKERS: broker.brokers,
    KAFKA_GROUP_ID: `bench-profile-${Date.now().toString(36)}`,
    KAFKA_START_FROM: "earliest",
    DATA_DIR: mkdtempSync(path.join(os.tmpdir(), "sagascope-profile-")),
    SAGAS_DIR: path.join(os.tmpdir(), "sagascope-no-sagas"),
    LOG_LEVEL: "error",
    NODE_ENV: "production",
  });
  const app = await startSagascope(config, createLogger("error"), { ui: false });
  await waitIngested(app, total / 10);
  await session.post("Profiler.start");
  const t10 = Date.now();
  const at10 = await ingested(app);
  await waitIngested(app, total);
  const server = (total - at10) / ((Date.now() - t10) / 1000);
  const { profile } = (await session.post("Profiler.stop")) as { profile: CpuProfile };
  session.disconnect();
  await app.close();

  const dir = path.join(import.meta.dirname, "results");
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `ingest-${new Date().toISOString().replace(/[:.]/g, "-")}.cpuprofile`);
  writeFileSync(file, JSON.stringify(profile));
  console.log(
    `bare consumer, all ${total.toLocaleString()} records (join included):\n${summarise(bareProfile, total)}\n`,
  );
  console.log(`server, steady state:\n${summarise(profile, total - at10)}\n`);
  console.log(`profile: ${path.relative(process.cwd(), file)}`);
  console.log(
    `bare ${Math.round(bare).toLocaleString()} records/s, server ${Math.round(server).toLocaleString()} records/s, ratio ${(server / bare).toFixed(2)}`,
  );
} finally {
  await broker.stop();
}
