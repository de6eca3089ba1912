/**
 * The streams issue's benchmark against a real broker and the real server:
 *  1. ingest rate of the full server (metrics, decoding, trace index, fan-out)
 *     vs a bare kafkajs eachBatch consumer reading the same topic;
 *  2. produce → rendered-in-Chromium latency at 1,000 records/s;
 *  3. server RSS after 200k and after 2M records;
 *  4. 50 socket clients at 1,000 records/s each: event-loop delay p99 and
 *     records dropped per client (clients live in a worker thread so their
 *     work does not count as the server's).
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { Worker } from "node:worker_threads";
import type { Kafka, Message } from "kafkajs";
import { chromium } from "playwright";
import { loadConfig } from "../server/config";
import { connectionFromEnv, createKafka } from "../server/kafka/client";
import { createLogger } from "../server/log";
import { startSagascope, type Sagascope } from "../server/app";
import { startLocalBroker } from "../tools/kafka-broker/broker";

const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor(q * s.length))]! : NaN;
};

export interface StreamsResult {
  bareRecordsPerSec: number;
  serverRecordsPerSec: number;
  kcatRecordsPerSec: number;
  latency: { p50: number; p95: number; p99: number; samples: number } | null;
  rss200k: number;
  rss2M: number;
  clients: {
    count: number;
    perClientPerSec: number;
    loopP99Ms: number;
    loopMaxMs: number;
    droppedPerClient: number[];
    receivedPerClient: number[];
    socketLatency: { p50: number; p99: number };
  };
}

export async function produce(kafka: Kafka, topic: string, total: number, size = 200): Promise<void> {
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  const pad = "x".repeat(size);
  for (let start = 0; start < total; start += 20_000) {
    const messages: Message[] = [];
    for (let i = start; i < Math.min(start + 20_000, total); i++)
      messages.push({ key: `k${i % 1000}`, value: `{"i":${i},"pad":"${pad}"}`, headers: { "event-type": "Bench" } });
    await producer.send({ topic, messages, acks: 1 });
  }
  await producer.disconnect();
}

/** Produces `perSec` records/s for `seconds` in 10 ms slices; each value carries its produce time. */
async function produceAtRate(kafka: Kafka, topic: string, perSec: number, seconds: number): Promise<void> {
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  const t0 = Date.now();
  let sent = 0;
  while (Date.now() - t0 < seconds * 1000) {
    const due = Math.floor(((Date.now() - t0) / 1000) * perSec);
    if (due > sent) {
      const now = Date.now();
      const messages = Array.from({ length: due - sent }, (_, i) => ({ value: `{"t":${now},"n":${sent + i}}` }));
      await producer.send({ topic, messages, acks: 1 });
      sent = due;
    }
    await sleep(10);
  }
  await producer.disconnect();
}

export async function bareRead(kafka: Kafka, topic: string, total: number): Promise<number> {
  const consumer = kafka.consumer({ groupId: `bench-bare-${Date.now()}` });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  let read = 0;
  let done: () => void = () => undefined;
  const all = new Promise<void>((r) => (done = r));
  // Steady state, like the server's: from the first 10% read to the end (joining the group is not reading).
  let t10 = 0;
  let at10 = 0;
  await consumer.run({
    autoCommit: false,
    eachBatch: async ({ batch }) => {
      read += batch.messages.length;
      if (!t10 && read >= total / 10) [t10, at10] = [Date.now(), read];
      if (read >= total) done();
    },
  });
  await all;
  const seconds = (Date.now() - t10) / 1000;
  await consumer.disconnect();
  return (total - at10) / seconds;
}

/** kcat -C (librdkafka) reading the topic to its end: the practical ceiling of a client on this machine. */
export function kcatRead(brokers: string, topic: string, total: number): number {
  const t0 = performance.now();
  const out = execFileSync("kcat", ["-b", brokers, "-C", "-t", topic, "-o", "beginning", "-e", "-q", "-f", "\\n"], {
    maxBuffer: 64 * 1024 * 1024,
  });
  const seconds = (performance.now() - t0) / 1000;
  const read = out.length; // one newline per record
  if (read < total) throw new Error(`kcat read ${read} of ${total} records`);
  return read / seconds;
}

export async function ingested(app: Sagascope): Promise<number> {
  return ((await (await fetch(`${app.url}/api/status`)).json()) as { recordsIngested: number }).recordsIngested;
}

export async function waitIngested(app: Sagascope, n: number, timeoutMs = 300_000): Promise<void> {
  const t0 = Date.now();
  while ((await ingested(app)) < n) {
    if (Date.now() - t0 > timeoutMs)
      throw new Error(`server ingested ${await ingested(app)} of ${n} records in ${timeoutMs} ms`);
    await sleep(20);
  }
}

const rssMiB = () => {
  gc();
  gc();
  return process.memoryUsage().rss / 1024 / 1024;
};

export async function streamsBench(
  opts: { first?: number; total?: number; withBrowser?: boolean } = {},
): Promise<StreamsResult> {
  const first = opts.first ?? 200_000;
  const total = opts.total ?? 2_000_000;
  const broker = await startLocalBroker({ log: () => undefined });
  let app: Sagascope | undefined;
  try {
    // KAFKA_SASL_* / KAFKA_SSL* apply when KAFKA_BROKERS names an existing cluster.
    const connection = connectionFromEnv(broker.brokers.split(","), broker.started);
    const kafka = createKafka(connection, { clientId: "bench", retry: {} });
    const suffix = Date.now().toString(36);
    const ingestTopic = `bench-ingest-${suffix}`;
    const liveTopic = `bench-live-${suffix}`;
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({
      topics: [ingestTopic, liveTopic].map((topic) => ({ topic, numPartitions: 3 })),
      waitForLeaders: true,
    });
    await admin.disconnect();

    // 1. Ingest: the first 200k records, bare consumer first, then the server from the earliest offset.
    await produce(kafka, ingestTopic, first);
    const bareRecordsPerSec = await bareRead(kafka, ingestTopic, first);
    const withUi = opts.withBrowser !== false && existsSync(path.join(import.meta.dirname, "../.next/BUILD_ID"));
    const config = loadConfig({
      PORT: "0",
      KAFKA_BROKERS: broker.brokers,
      KAFKA_GROUP_ID: `bench-sagascope-${suffix}`,
      KAFKA_START_FROM: "earliest",
      TOPIC_REFRESH_MS: "1000",
      // Both topics are watched (read whole); nothing else on this broker is.
      INGEST_TOPICS: `${ingestTopic},${liveTopic}`,
      DATA_DIR: mkdtempSync(path.join(os.tmpdir(), "sagascope-bench-")),
      SAGAS_DIR: path.join(os.tmpdir(), "sagascope-no-sagas"),
      LOG_LEVEL: "error",
      NODE_ENV: "production",
    });
    app = await startSagascope({ ...config, kafkaSecurity: connection.security }, createLogger("error"), {
      ui: withUi,
    });
    // Steady state: from the first 10% ingested to all of them (start-up and the group join excluded).
    await waitIngested(app, first / 10);
    const t10 = Date.now();
    const at10 = await ingested(app);
    await waitIngested(app, first);
    const serverRecordsPerSec = (first - at10) / ((Date.now() - t10) / 1000);
    await sleep(1000);
    const rss200k = rssMiB();

    // 3. Memory: up to 2M records through the same server.
    await produce(kafka, ingestTopic, total - first);
    await waitIngested(app, total);
    await sleep(1000);
    const rss2M = rssMiB();
    const kcatRecordsPerSec = kcatRead(broker.brokers, ingestTopic, total);

    // 4. 50 socket clients subscribed to a topic fed at 1,000 records/s.
    const clientCount = 50;
    const perSec = 1000;
    const worker = new Worker(new URL("./socket-clients.mjs", import.meta.url), {
      workerData: { url: app.url, topic: liveTopic, count: clientCount },
    });
    await new Promise<void>((resolve, reject) => {
      worker.once("message", (m) => (m === "subscribed" ? resolve() : reject(new Error(String(m)))));
      worker.once("error", reject);
    });
    const loop = monitorEventLoopDelay({ resolution: 10 });
    loop.enable();
    await produceAtRate(kafka, liveTopic, perSec, 10);
    await sleep(1500);
    loop.disable();
    const counts = await new Promise<{ received: number[]; dropped: number[]; latency: number[] }>((resolve) => {
      worker.once("message", resolve);
      worker.postMessage("report");
    });
    await worker.terminate();
    const clients = {
      count: clientCount,
      perClientPerSec: perSec,
      loopP99Ms: loop.percentile(99) / 1e6,
      loopMaxMs: loop.max / 1e6,
      droppedPerClient: counts.dropped,
      receivedPerClient: counts.received,
      socketLatency: { p50: quantile(counts.latency, 0.5), p99: quantile(counts.latency, 0.99) },
    };

    // 2. Produce → rendered in Chromium at 1,000 records/s (needs the production build: npx next build).
    let latency: StreamsResult["latency"] = null;
    if (withUi) {
      const browser = await chromium.launch({
        executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
        args: [
          "--headless",
          "--no-sandbox",
          "--disable-gpu",
          "--disable-background-networking",
          "--disable-component-update",
          "--disable-sync",
          "--no-first-run",
        ],
      });
      try {
        const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
        await page.goto(app.url);
        await page.getByRole("textbox", { name: "Server filter" }).fill(`topic == "${liveTopic}"`);
        await page.getByRole("button", { name: "Apply" }).click();
        await page
          .getByRole("status", { name: "Server filter state" })
          .filter({ hasText: "filtering on the server" })
          .waitFor();
        // Every record row the page renders: produce time (in the value) → now.
        await page.evaluate(() => {
          const w = window as unknown as { __lat: number[] };
          w.__lat = [];
          new MutationObserver((muts) => {
            const now = Date.now();
            for (const m of muts)
              for (const n of m.addedNodes) {
                if (!(n instanceof HTMLElement) || n.tagName !== "TBODY") continue;
                const t = /"t":(\d+)/.exec(n.textContent ?? "");
                if (t) w.__lat.push(now - Number(t[1]));
              }
          }).observe(document.querySelector("table")!, { childList: true });
        });
        await produceAtRate(kafka, liveTopic, perSec, 10);
        await sleep(1000);
        const lat = await page.evaluate(() => (window as unknown as { __lat: number[] }).__lat);
        latency = { p50: quantile(lat, 0.5), p95: quantile(lat, 0.95), p99: quantile(lat, 0.99), samples: lat.length };
      } finally {
        await browser.close();
      }
    }
    return { bareRecordsPerSec, serverRecordsPerSec, kcatRecordsPerSec, latency, rss200k, rss2M, clients };
  } finally {
    await app?.close();
    await broker.stop();
  }
}
