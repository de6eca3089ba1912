/**
 * Production clusters (issue 14), against a real local broker and the real
 * server in this process, nothing watched (no tab, no saga definitions):
 *  1. idle cost at N topics × 2 partitions (N = 500, 2,000, … from
 *     BENCH_SCALE_TOPICS): time from start to connected with every topic
 *     listed, CPU over 15 s idle, RSS, and how long GET /api/topics and one
 *     page of /api/topics/view take;
 *  2. unwatched traffic: CPU while Kafka's ProducerPerformance (a JVM of its
 *     own) sends 50,000 records/s to a 12-partition topic nobody watches,
 *     against CPU with no traffic, in the same server;
 *  3. numbers from offsets: the unread topic's records/s and totals against
 *     what ProducerPerformance and kcat produced.
 */
import { execFileSync } from "node:child_process";
import { Session } from "node:inspector/promises";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Admin } from "kafkajs";
import { io } from "socket.io-client";
import { startSagascope, type Sagascope } from "../server/app";
import { loadConfig } from "../server/config";
import { connectionFromEnv, createKafka } from "../server/kafka/client";
import { createLogger } from "../server/log";
import { startLocalBroker } from "../tools/kafka-broker/broker";
import { producerPerformance } from "./kafka-tools";
import { type CpuProfile, summarise } from "./profile-summary";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export interface IdleAt {
  topics: number;
  connectSeconds: number;
  idleCpuPercent: number;
  rssMiB: number;
  apiTopicsMs: number;
  viewMs: number;
}

export interface ScaleResult {
  idle: IdleAt[];
  traffic: {
    perSec: number;
    idleCpuPercent: number;
    trafficCpuPercent: number;
    produced: number;
    producedPerSec: number;
    offsetPerSec: number;
    counted: number;
    kcatProduced: number;
    kcatCounted: number;
  } | null;
}

/** CPU of this process (the server) over `ms`, in percent of one core. */
async function cpuOver(ms: number): Promise<number> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  await sleep(ms);
  const c = process.cpuUsage(c0);
  return ((c.user + c.system) / 1000 / (performance.now() - t0)) * 100;
}

async function timed(url: string): Promise<number> {
  const t0 = performance.now();
  const res = await fetch(url);
  await res.arrayBuffer();
  if (!res.ok) throw new Error(`${url}: ${res.status}`);
  return performance.now() - t0;
}

type Row = { topic: string; totalRecords: number; retainedRecords: number | null; recordsPerSec: number };
const row = async (app: Sagascope, topic: string): Promise<Row | undefined> => {
  const v = (await (await fetch(`${app.url}/api/topics/view?topic=${encodeURIComponent(topic)}`)).json()) as {
    rows: Row[];
  };
  return v.rows[0];
};

async function createTopics(admin: Admin, names: string[], partitions: number): Promise<void> {
  for (let i = 0; i < names.length; i += 250) {
    const batch = names.slice(i, i + 250);
    for (let attempt = 1; ; attempt++) {
      try {
        const existing = new Set(await admin.listTopics());
        const missing = batch.filter((t) => !existing.has(t));
        if (missing.length)
          await admin.createTopics({
            topics: missing.map((topic) => ({ topic, numPartitions: partitions })),
            waitForLeaders: false,
            timeout: 120_000,
          });
        break;
      } catch (err) {
        if (attempt >= 6) throw err;
        await sleep(1000 * attempt);
      }
    }
  }
}

export async function scaleBench(counts: number[]): Promise<ScaleResult> {
  const broker = await startLocalBroker({ log: () => undefined });
  const idle: IdleAt[] = [];
  let traffic: ScaleResult["traffic"] = null;
  try {
    const connection = connectionFromEnv(broker.brokers.split(","), broker.started);
    const kafka = createKafka(connection, { clientId: "bench-scale", retry: {} });
    const admin = kafka.admin();
    await admin.connect();
    const suffix = Date.now().toString(36);
    const trafficTopic = `bench-traffic-${suffix}`;
    const kcatTopic = `bench-kcat-${suffix}`;
    await admin.createTopics({
      topics: [
        { topic: trafficTopic, numPartitions: 12 },
        { topic: kcatTopic, numPartitions: 2 },
      ],
      waitForLeaders: true,
    });
    // With the Next.js pages when built (the real dashboard); BENCH_SCALE_UI=0 without them.
    const withUi =
      process.env.BENCH_SCALE_UI !== "0" && existsSync(path.join(import.meta.dirname, "../.next/BUILD_ID"));
    let made = 0;
    for (const n of [...counts].sort((a, b) => a - b)) {
      const names = Array.from(
        { length: n - made },
        (_, i) => `bench-scale-${suffix}-${String(made + i).padStart(5, "0")}`,
      );
      await createTopics(admin, names, 2);
      made = n;
      // Let the broker settle after creating the topics (leaders elected, logs made).
      await sleep(5000);
      const config = loadConfig({
        PORT: "0",
        KAFKA_BROKERS: broker.brokers,
        KAFKA_GROUP_ID: `bench-scale-${suffix}-${n}`,
        DATA_DIR: mkdtempSync(path.join(os.tmpdir(), "sagascope-bench-scale-")),
        SAGAS_DIR: path.join(os.tmpdir(), "sagascope-no-sagas"),
        LOG_LEVEL: "error",
        NODE_ENV: "production",
      });
      gc();
      const t0 = performance.now();
      const app = await startSagascope({ ...config, kafkaSecurity: connection.security }, createLogger("error"), {
        ui: withUi,
      });
      try {
        const want = n + 2;
        for (;;) {
          const st = (await (await fetch(`${app.url}/api/status`)).json()) as { kafka: { state: string } };
          const v = (await (await fetch(`${app.url}/api/topics/view?limit=1`)).json()) as { total: number };
          if (st.kafka.state === "connected" && v.total >= want) break;
          if (performance.now() - t0 > 300_000) throw new Error(`not connected with ${want} topics after 300 s`);
          await sleep(100);
        }
        const connectSeconds = (performance.now() - t0) / 1000;
        // Past the first samples, the first profiles and the first flush.
        await sleep(10_000);
        // BENCH_SCALE_PROFILE=1: where the idle CPU goes (self time by server file / package).
        const session = process.env.BENCH_SCALE_PROFILE ? new Session() : null;
        if (session) {
          session.connect();
          await session.post("Profiler.enable");
          await session.post("Profiler.start");
        }
        const idleCpuPercent = await cpuOver(15_000);
        if (session) {
          const { profile } = (await session.post("Profiler.stop")) as { profile: CpuProfile };
          console.log(`idle at ${want} topics, 15 s:\n${summarise(profile, 1).replaceAll("µs/rec", "")}`);
          session.disconnect();
        }
        gc();
        gc();
        const rssMiB = process.memoryUsage().rss / 1024 / 1024;
        const apiTopicsMs = median(await Promise.all([0, 1, 2, 3, 4].map(() => timed(`${app.url}/api/topics`))));
        const views: number[] = [];
        for (let i = 0; i < 5; i++) views.push(await timed(`${app.url}/api/topics/view?limit=100`));
        idle.push({ topics: want, connectSeconds, idleCpuPercent, rssMiB, apiTopicsMs, viewMs: median(views) });

        if (traffic === null) {
          // 2. and 3., once, at the smallest count.
          const perSec = 50_000;
          const records = perSec * 24;
          // A browser on the topics page: connected (so the numbers are sampled as for a viewer, every
          // OFFSET_SAMPLE_MS), reading the topic's row once a second, in both windows.
          const viewer = io(app.url, { transports: ["websocket"] });
          await new Promise<void>((resolve) => viewer.once("connect", () => resolve()));
          await sleep(3000);
          const baseCpu = cpuOver(15_000);
          for (let i = 0; i < 14; i++) {
            await sleep(1000);
            await row(app, trafficTopic);
          }
          const baseIdle = await baseCpu;
          const before = (await row(app, trafficTopic))?.totalRecords ?? 0;
          const perf = producerPerformance({
            brokers: broker.brokers,
            topic: trafficTopic,
            records,
            size: 200,
            perSec,
          });
          await sleep(4000); // the JVM starts and reaches its rate
          const rates: number[] = [];
          const cpu = cpuOver(15_000);
          for (let i = 0; i < 14; i++) {
            await sleep(1000);
            rates.push((await row(app, trafficTopic))?.recordsPerSec ?? 0);
          }
          const trafficCpuPercent = await cpu;
          viewer.close();
          const sent = await perf;
          // Every record counted once the next samples have seen the end offsets.
          let counted = 0;
          for (let i = 0; i < 50 && counted < before + sent.records; i++) {
            await sleep(200);
            counted = (await row(app, trafficTopic))?.totalRecords ?? 0;
          }
          const kcatProduced = 100_000;
          const file = path.join(mkdtempSync(path.join(os.tmpdir(), "bench-kcat-")), "records.txt");
          writeFileSync(file, Array.from({ length: kcatProduced }, (_, i) => `{"n":${i}}`).join("\n") + "\n");
          execFileSync("kcat", ["-b", broker.brokers, "-P", "-t", kcatTopic, "-l", file]);
          let kcatCounted = 0;
          for (let i = 0; i < 50 && kcatCounted < kcatProduced; i++) {
            await sleep(200);
            kcatCounted = (await row(app, kcatTopic))?.totalRecords ?? 0;
          }
          traffic = {
            perSec,
            idleCpuPercent: baseIdle,
            trafficCpuPercent,
            produced: sent.records,
            producedPerSec: sent.recordsPerSec,
            offsetPerSec: median(rates),
            counted: counted - before,
            kcatProduced,
            kcatCounted,
          };
        }
      } finally {
        await app.close();
      }
    }
    await admin.disconnect();
  } finally {
    await broker.stop();
  }
  return { idle, traffic };
}
