import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { io } from "socket.io-client";
import { afterAll, describe, expect, inject, it } from "vitest";
import type { Message } from "kafkajs";
import { SocketEvents, type DeadLetterList, type ServerToClientEvents } from "../../server/contract";
import { startSagascope, type Sagascope } from "../../server/app";
import { quietLog, suffix, testConfig, testKafka, waitFor } from "./helpers";

const brokers = inject("brokers");
const kafka = testKafka(brokers);
let app: Sagascope | undefined;
afterAll(async () => app?.close());

/** A small seeded PRNG (mulberry32): the same hostile records on every run. */
function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Kind =
  | "bytes"
  | "badUtf8"
  | "deepJson"
  | "bigJson"
  | "manyHeaders"
  | "bigHeader"
  | "nulls"
  | "markup"
  | "sagaish"
  | "controls";
const kinds: Kind[] = [
  "bytes",
  "badUtf8",
  "deepJson",
  "bigJson",
  "manyHeaders",
  "bigHeader",
  "nulls",
  "markup",
  "sagaish",
  "controls",
];

function hostile(i: number, r: () => number): Message {
  const bytes = (n: number) => Buffer.from(Array.from({ length: n }, () => Math.floor(r() * 256)));
  // The heavy kinds (hundreds of KB each) are 1 in 100, the rest 1 in 10.
  const pick = kinds[i % kinds.length]!;
  const kind: Kind = (pick === "bigJson" || pick === "bigHeader") && i % 100 >= 10 ? "bytes" : pick;
  switch (kind) {
    case "bytes":
      return { key: bytes(Math.floor(r() * 64)), value: bytes(Math.floor(r() * 4096)) };
    case "badUtf8":
      return {
        key: Buffer.from([0xc3, 0x28]),
        value: Buffer.concat([Buffer.from('{"a":"'), Buffer.from([0xff, 0xfe, 0xed]), Buffer.from('"}')]),
        headers: { "saga-id": Buffer.from([0xe2, 0x82]), "event-type": Buffer.from([0xf0, 0x9f]) },
      };
    case "deepJson":
      return {
        value: "[".repeat(20_000) + "]".repeat(20_000),
        headers: { "saga-id": `deep-${i}`, "event-type": "OrderCreated" },
      };
    case "bigJson":
      return { value: JSON.stringify({ blob: "x".repeat(300_000 + Math.floor(r() * 100_000)), n: i }) };
    case "manyHeaders":
      return { value: "h", headers: Object.fromEntries(Array.from({ length: 300 }, (_, k) => [`h-${k}`, bytes(8)])) };
    case "bigHeader":
      return { value: "{}", headers: { big: "y".repeat(256 * 1024), "event-type": "z".repeat(10_000) } };
    case "nulls":
      return { key: null, value: null };
    case "markup":
      return {
        key: "<script>alert(1)</script>",
        value: `<img src=x onerror=alert(${i})>`,
        headers: { "<b>": "javascript:alert(1)" },
      };
    case "sagaish":
      return {
        key: `s-${i % 50}`,
        value: JSON.stringify({ type: "x" }),
        headers: {
          "saga-id": `s-${i % 50}`,
          "event-type": ["OrderCreated", "PaymentAuthorized", "Nope", ""][Math.floor(r() * 4)]!,
          "event-id": `e-${Math.floor(r() * 100)}`,
        },
      };
    case "controls":
      return { value: "\u0000\u0001\u0007 bell \u001b[31m red", headers: { "\u0000": "\u0000" } };
  }
}

describe("hostile records", () => {
  it("takes 10,000 generated records (garbage, bad UTF-8, deep and huge JSON, 10 MB values, many and oversized headers, nulls) without crashing, and counts every one", async () => {
    const s = suffix();
    const topic = `fuzz-${s}`;
    const dlt = `${topic}.DLT`;
    const sagas = mkdtempSync(path.join(os.tmpdir(), "fuzz-sagas-"));
    writeFileSync(
      path.join(sagas, "fuzz.json"),
      JSON.stringify({
        name: "fuzz",
        topics: [topic],
        correlation: ["headers.saga-id", "value.id"],
        eventType: "headers.event-type",
        eventId: "headers.event-id",
        initial: "new",
        states: { new: {}, created: { timeoutSec: 1 }, paid: { terminal: "completed" } },
        transitions: [
          { from: "new", event: "OrderCreated", to: "created" },
          { from: "created", event: "PaymentAuthorized", to: "paid" },
        ],
      }),
    );
    app = await startSagascope(testConfig(brokers, { SAGAS_DIR: sagas }), quietLog(), { ui: false });
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({
      topics: [
        { topic, numPartitions: 3 },
        { topic: dlt, numPartitions: 1 },
      ],
      waitForLeaders: true,
    });
    await admin.disconnect();
    await waitFor("topics ingested", async () =>
      ((await (await fetch(`${app!.url}/api/status`)).json()) as { kafka: { topics: string[] } }).kafka.topics.includes(
        dlt,
      ),
    );
    const socket = io(app.url, {
      transports: ["websocket"],
    }) as import("socket.io-client").Socket<ServerToClientEvents>;
    let seenBySocket = 0;
    socket.on(SocketEvents.recordsBatch, (b) => (seenBySocket += b.records.length));
    const before = ((await (await fetch(`${app.url}/api/status`)).json()) as { recordsIngested: number })
      .recordsIngested;

    const t0 = Date.now();
    const r = rng(42);
    const producer = kafka.producer({ maxInFlightRequests: 1 });
    await producer.connect();
    const total = 10_000;
    const toDlt = 200;
    const tenMb = 3;
    let batch: Message[] = [];
    let batchBytes = 0;
    const flush = async () => {
      if (batch.length) await producer.send({ topic, messages: batch });
      batch = [];
      batchBytes = 0;
    };
    for (let i = 0; i < total - toDlt - tenMb; i++) {
      const m = hostile(i, r);
      batch.push(m);
      batchBytes += (m.value?.length ?? 0) + 2048;
      if (batch.length >= 200 || batchBytes > 4 * 1024 * 1024) await flush();
    }
    await flush();
    for (let i = 0; i < tenMb; i++)
      await producer.send({ topic, messages: [{ key: `ten-${i}`, value: Buffer.alloc(10 * 1024 * 1024, 0x41 + i) }] });
    // Dead letters with broken dead-letter headers: short binary numbers, garbage, repeats.
    await producer.send({
      topic: dlt,
      messages: Array.from({ length: toDlt }, (_, i) => ({
        value: i % 2 ? Buffer.from([0, 1, 2]) : JSON.stringify({ i }),
        headers: {
          "kafka_dlt-original-topic": i % 3 ? topic : Buffer.from([0xff, 0x00, 0x41]),
          "kafka_dlt-exception-fqcn": "java.lang.\u0000Null",
          "kafka_dlt-original-partition": Buffer.from([1, 2, 3]),
          "kafka_dlt-original-offset": i % 5 ? Buffer.from("not a number") : Buffer.alloc(8, 0xff),
          "kafka_dlt-exception-message": ["a", "b".repeat(5000)],
          "__connect.errors.partition": "-1",
        },
      })),
    });
    await producer.disconnect();
    const produced = Date.now();

    const status = await waitFor(
      "every record counted",
      async () => {
        const st = (await (await fetch(`${app!.url}/api/status`)).json()) as { recordsIngested: number };
        return st.recordsIngested - before >= total ? st : undefined;
      },
      120_000,
    );
    expect(status.recordsIngested - before).toBe(total);
    console.log(
      `produced 10,000 hostile records in ${produced - t0} ms; all ingested ${Date.now() - produced} ms later`,
    );
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${app.url}/readyz`)).status).toBe(200);

    // The metrics stay right: per-topic totals, dead letters stored, saga events read or counted as unreadable.
    const stats = await waitFor("totals flushed", async () => {
      const t = (
        (await (await fetch(`${app!.url}/api/topics`)).json()) as { topics: Array<{ topic: string; records: string }> }
      ).topics;
      // The two topics have readers of their own (sagas, dead letters): each total is flushed on its own.
      const main = t.find((x) => x.topic === topic);
      const dead = t.find((x) => x.topic === dlt);
      return main && Number(main.records) === total - toDlt && dead && Number(dead.records) === toDlt ? t : undefined;
    });
    expect(Number(stats.find((x) => x.topic === dlt)!.records)).toBe(toDlt);
    const dead = (await (
      await fetch(`${app.url}/api/dlq/messages?topic=${encodeURIComponent(dlt)}&limit=1`)
    ).json()) as DeadLetterList;
    expect(dead.total).toBe(toDlt);
    const saga = (
      (await (await fetch(`${app.url}/api/sagas`)).json()) as {
        sagas: Array<{ name: string; unreadable: number; live: number; finished: { completed: number } }>;
      }
    ).sagas[0]!;
    expect(saga.name).toBe("fuzz");
    expect(saga.unreadable).toBeGreaterThan(0);
    expect(saga.live + saga.finished.completed).toBeGreaterThan(0);
    // Browsers got previews, not 10 MB values: everything arrived or was counted as dropped.
    await waitFor("socket caught up", () => seenBySocket > 0);
    socket.close();
  }, 180_000);
});
