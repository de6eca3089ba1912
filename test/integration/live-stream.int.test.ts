import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { io, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import {
  SocketEvents,
  type Overview,
  type ServerStatus,
  type ServerToClientEvents,
  type WireRecord,
} from "../../server/contract";
import { startSagascope, type Sagascope } from "../../server/app";
import { kcat, quietLog, suffix, testConfig, testKafka, waitFor } from "./helpers";

const brokers = inject("brokers");
const kafka = testKafka(brokers);
const admin = kafka.admin();
const producer = kafka.producer();

let app: Sagascope;
let socket: Socket<ServerToClientEvents>;
const received = new Map<string, WireRecord>();
let lastStatus: ServerStatus | undefined;
const preexisting = `it-pre-${suffix()}`;

const byTopic = (topic: string) => [...received.values()].filter((r) => r.topic === topic);
const headerText = (r: WireRecord, name: string) => r.headers.find((h) => h.name === name)?.value;

beforeAll(async () => {
  await admin.connect();
  await producer.connect();
  // A topic with history before the server starts: "latest" must skip that history.
  await admin.createTopics({ topics: [{ topic: preexisting, numPartitions: 1 }], waitForLeaders: true });
  await producer.send({ topic: preexisting, messages: [{ key: "old", value: "before start" }] });

  app = await startSagascope(testConfig(brokers), quietLog(), { ui: false });
  socket = io(app.url, { transports: ["websocket"] });
  socket.on(SocketEvents.recordsBatch, (b) => {
    for (const r of b.records) received.set(r.id, r);
  });
  socket.on(SocketEvents.status, (s) => (lastStatus = s));
  await waitFor(
    "kafka connected",
    () => lastStatus?.kafka.state === "connected" && lastStatus.kafka.topics.includes(preexisting),
  );
});

afterAll(async () => {
  socket?.close();
  await app?.close();
  await producer.disconnect();
  await admin.disconnect();
});

/** Creates a topic after the server started and waits until the server consumes it. */
async function newTopic(partitions = 3): Promise<string> {
  const topic = `it-stream-${suffix()}`;
  await admin.createTopics({ topics: [{ topic, numPartitions: partitions }], waitForLeaders: true });
  await waitFor(`server subscribed to ${topic}`, () => lastStatus?.kafka.topics.includes(topic));
  return topic;
}

describe("live stream over socket.io", () => {
  it("starts at the latest offset for topics that existed at start", async () => {
    await producer.send({ topic: preexisting, messages: [{ key: "new", value: "after start" }] });
    await waitFor("record produced after start", () => byTopic(preexisting).length === 1);
    expect(byTopic(preexisting).map((r) => r.offset)).toEqual(["1"]);
  });

  it("delivers every kafkajs record with its partition, offset, key and headers", async () => {
    const topic = await newTopic(3);
    const messages = Array.from({ length: 30 }, (_, i) => ({
      partition: i % 3,
      key: `order-${i}`,
      value: JSON.stringify({ n: i, amount: i * 10 }),
      headers: { "saga-id": `o-${i}`, bin: Buffer.from([0, 0, 0, i]) },
    }));
    const results = await producer.send({ topic, messages });
    await waitFor("30 records", () => byTopic(topic).length === 30);
    for (const r of results) {
      const mine = messages.filter((m) => m.partition === r.partition);
      mine.forEach((m, j) => {
        const offset = String(Number(r.baseOffset) + j);
        const got = received.get(`${topic}/${r.partition}/${offset}`);
        expect(got, `${topic}/${r.partition}/${offset}`).toBeDefined();
        expect(got!.key.text).toBe(m.key);
        expect(JSON.parse(got!.value.text)).toEqual(JSON.parse(m.value));
        expect(got!.value.encoding).toBe("json");
        expect(headerText(got!, "saga-id")?.text).toBe(m.headers["saga-id"]);
        expect(headerText(got!, "bin")).toMatchObject({
          encoding: "hex",
          text: m.headers.bin.toString("hex").match(/../g)!.join(" "),
        });
      });
    }
  });

  it("delivers records produced by kcat with key, headers and exact offsets", async () => {
    const topic = await newTopic(2);
    await kcat(
      ["-b", brokers, "-P", "-t", topic, "-p", "1", "-K", ":", "-H", "saga-id=o-42", "-H", "event-type=OrderCreated"],
      'k1:{"orderId":"o-42"}\nk2:plain text\nk3:third\n',
    );
    const records = await waitFor("3 kcat records", () => (byTopic(topic).length === 3 ? byTopic(topic) : undefined));
    const sorted = records.sort((a, b) => Number(a.offset) - Number(b.offset));
    expect(sorted.map((r) => [r.partition, r.offset, r.key.text])).toEqual([
      [1, "0", "k1"],
      [1, "1", "k2"],
      [1, "2", "k3"],
    ]);
    expect(sorted[0]!.value).toMatchObject({ encoding: "json" });
    expect(sorted[1]!.value).toMatchObject({ encoding: "text", text: "plain text" });
    expect(headerText(sorted[0]!, "saga-id")?.text).toBe("o-42");
    expect(headerText(sorted[0]!, "event-type")?.text).toBe("OrderCreated");
  });

  it("shows binary garbage and invalid UTF-8 from kcat as hex and keeps going", async () => {
    const topic = await newTopic(1);
    const dir = mkdtempSync(path.join(os.tmpdir(), "kcat-"));
    const file = path.join(dir, "garbage.bin");
    const garbage = Buffer.from([0xff, 0xfe, 0x00, 0xc3, 0x28, 0x7b]);
    writeFileSync(file, garbage);
    await kcat(["-b", brokers, "-P", "-t", topic, file]); // a file argument is sent as one record
    await kcat(["-b", brokers, "-P", "-t", topic, "-Z", "-K", ":"], "tomb:\n"); // -Z: empty value is a tombstone
    await waitFor("2 records", () => byTopic(topic).length === 2);
    const [bin, tomb] = byTopic(topic).sort((a, b) => Number(a.offset) - Number(b.offset));
    expect(bin!.value).toEqual({ encoding: "hex", text: "ff fe 00 c3 28 7b", bytes: 6, truncated: false });
    expect(tomb!.value.encoding).toBe("null");
    expect(tomb!.key.text).toBe("tomb");
  });

  it("reads batches kcat compressed with gzip, snappy, lz4 and zstd, and says which", async () => {
    const topic = await newTopic(1);
    // ~300 KB of varied JSON: several LZ4 blocks and snappy fragments with back-references across them.
    const big = JSON.stringify(
      Array.from({ length: 6000 }, (_, i) => ({ i, sku: `sku-${(i * 7919) % 1000}`, note: "x".repeat(i % 17) })),
    );
    const dir = mkdtempSync(path.join(os.tmpdir(), "sagascope-codec-"));
    const file = path.join(dir, "big.json");
    writeFileSync(file, big);
    const codecs = ["gzip", "snappy", "lz4", "zstd"] as const;
    for (const codec of codecs) {
      await kcat(
        ["-b", brokers, "-P", "-t", topic, "-z", codec, "-K", ":"],
        Array.from({ length: 20 }, (_, i) => `${codec}-${i}:{"codec":"${codec}","i":${i}}`).join("\n") + "\n",
      );
      await kcat(["-b", brokers, "-P", "-t", topic, "-z", codec, "-X", "message.max.bytes=2000000", file]);
    }
    const got = await waitFor("84 compressed records", () =>
      byTopic(topic).length >= 84 ? byTopic(topic) : undefined,
    );
    expect(got.length).toBe(84);
    for (const codec of codecs) {
      const small = got.filter((r) => r.key.text?.startsWith(`${codec}-`));
      // librdkafka sends a batch uncompressed when compressing does not make it smaller (a lone first record).
      expect(small.every((r) => r.compression === codec || r.compression === undefined)).toBe(true);
      expect(small.filter((r) => r.compression === codec).length).toBeGreaterThanOrEqual(10);
      expect(small.map((r) => JSON.parse(r.key.text!.split("-")[1]!))).toEqual([...Array(20).keys()]);
      expect(JSON.parse(small[3]!.value.text!)).toEqual({ codec, i: 3 });
      expect(small[0]!.timestampType).toBe("CreateTime");
    }
    const bigOnes = got.filter((r) => r.key.encoding === "null");
    expect(bigOnes.map((r) => r.compression).sort()).toEqual([...codecs].sort());
    for (const r of bigOnes) expect(r.value.bytes).toBe(Buffer.byteLength(big));
    // The whole value read back on demand is byte for byte what kcat sent, for every codec.
    for (const r of bigOnes) {
      const whole = await (await fetch(`${app.url}/api/records/${topic}/0/${r.offset}/value`)).text();
      expect(whole === big, `${r.compression} value intact`).toBe(true);
    }
  });

  it("sends a 10 MB record as a bounded preview with its full size", async () => {
    const topic = await newTopic(1);
    const big = Buffer.from(JSON.stringify({ blob: "x".repeat(10 * 1024 * 1024) }));
    await producer.send({ topic, messages: [{ key: "big", value: big }] });
    const [r] = await waitFor("big record", () => (byTopic(topic).length === 1 ? byTopic(topic) : undefined));
    expect(r!.value.bytes).toBe(big.length);
    expect(r!.value.truncated).toBe(true);
    expect(r!.value.text.length).toBeLessThanOrEqual(32 * 1024);
  });

  it("counts ingested records in the status and persists per-topic totals", async () => {
    const topic = await newTopic(1);
    await producer.send({ topic, messages: [{ value: "a" }, { value: "bb" }] });
    await waitFor("2 records", () => byTopic(topic).length === 2);
    const stats = await waitFor("topic totals saved", async () => {
      const res = await fetch(`${app.url}/api/topics`);
      const body = (await res.json()) as { topics: Array<{ topic: string; records: string; bytes: string }> };
      return body.topics.find((t) => t.topic === topic && t.records === "2");
    });
    expect(stats.bytes).toBe("3");
    expect(lastStatus!.recordsIngested).toBeGreaterThanOrEqual(2);
    const ready = await fetch(`${app.url}/readyz`);
    expect(ready.status).toBe(200);
  });

  it("reports throughput, partitions and dead-letter topics in the overview", async () => {
    const topic = await newTopic(2);
    const dlt = `${topic}.DLT`;
    await admin.createTopics({ topics: [{ topic: dlt, numPartitions: 1 }], waitForLeaders: true });
    await waitFor(`server subscribed to ${dlt}`, () => lastStatus?.kafka.topics.includes(dlt));
    await producer.send({ topic, messages: Array.from({ length: 10 }, (_, i) => ({ value: `m${i}` })) });
    await producer.send({ topic: dlt, messages: [{ value: "dead" }] });
    const overview = await waitFor("overview with both topics counted", async () => {
      const body = (await (await fetch(`${app.url}/api/overview`)).json()) as Overview;
      const t = body.topics.find((x) => x.topic === topic);
      const d = body.topics.find((x) => x.topic === dlt);
      // The sparkline shows whole seconds: a partition's batch counted in the current second joins it a moment later.
      const sparked = t ? t.spark.reduce((a, b) => a + b, 0) : 0;
      return t?.totalRecords === 10 && d?.totalRecords === 1 && t.recordsPerSec > 0 && sparked === 10
        ? { t, d, body }
        : undefined;
    });
    expect(overview.t).toMatchObject({ partitions: 2, deadLetter: false, totalBytes: 20 });
    expect(overview.d).toMatchObject({ partitions: 1, deadLetter: true });
    expect(overview.t.spark.reduce((a, b) => a + b, 0)).toBe(10);
    expect(overview.body.cluster.totalRecords).toBeGreaterThanOrEqual(11);
  });
});
