import { connectionsApiChannel } from "@platformatic/kafka";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { noSecurity } from "../../server/kafka/client";
import { platformaticOffsetClient } from "../../server/offsets/client";
import { createOffsetSampler, type OffsetSampler } from "../../server/offsets/sampler";
import { kcat, quietLog, suffix, testKafka, waitFor } from "./helpers";

const brokers = inject("brokers");
const kafka = testKafka(brokers);
// Kafka's API key for ListOffsets.
const LIST_OFFSETS = 2;

const client = platformaticOffsetClient(
  { brokers: brokers.split(","), security: noSecurity },
  `it-offsets-${suffix()}`,
);
let sampler: OffsetSampler;

/** ListOffsets requests this test's client sends while `fn` runs, per broker connection. */
async function countListOffsets(fn: () => Promise<void>): Promise<Map<string, number>> {
  const perBroker = new Map<string, number>();
  const onStart = (msg: unknown) => {
    const m = msg as { apiKey?: number; connection?: { ownerId?: number; host?: string; port?: number } };
    if (m.apiKey !== LIST_OFFSETS || m.connection?.ownerId !== client.admin.instanceId) return;
    const key = `${m.connection.host}:${m.connection.port}`;
    perBroker.set(key, (perBroker.get(key) ?? 0) + 1);
  };
  connectionsApiChannel.start.subscribe(onStart);
  try {
    await fn();
  } finally {
    connectionsApiChannel.start.unsubscribe(onStart);
  }
  return perBroker;
}

beforeAll(() => {
  // refreshMs 0: every sample reads the topic list, so topics made by a test are in its next sample.
  sampler = createOffsetSampler({ client, log: quietLog(), now: Date.now, intervalMs: 60_000, refreshMs: 0 });
});
afterAll(async () => sampler?.stop());

describe("offset sampler", () => {
  it("counts exactly the records kcat produced, from offsets alone", async () => {
    const topic = `it-offsets-${suffix()}`;
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 2 }], waitForLeaders: true });
    await admin.disconnect();
    await waitFor("a sample of the new topic", async () => (await sampler.sample()) === undefined);
    const before = sampler.topic(topic);
    expect(before).toMatchObject({ retainedRecords: 0, endOffset: 0 });

    // 300 records to partition 0 and 200 to partition 1, by a client nobody here wrote.
    const lines = (n: number) => Array.from({ length: n }, (_, i) => `v${i}`).join("\n") + "\n";
    await kcat(["-b", brokers, "-P", "-t", topic, "-p", "0"], lines(300));
    await kcat(["-b", brokers, "-P", "-t", topic, "-p", "1"], lines(200));
    expect(await sampler.sample()).toBeUndefined();
    const after = sampler.topic(topic)!;
    expect(after.endOffset - before!.endOffset).toBe(500);
    expect(after.retainedRecords).toBe(500);
    expect(after.partitions.map((p) => [p.partition, p.end, p.retainedRecords])).toEqual([
      [0, 300, 300],
      [1, 200, 200],
    ]);
    // Two samples: a rate, and a positive one, since records arrived between them.
    expect(after.recordsPerSec).toBeGreaterThan(0);
    expect(sampler.topics().find((t) => t.topic === topic)?.partitions).toBe(2);
  });

  it("samples 500 topics × 2 partitions in one pass with one ListOffsets request per broker", async () => {
    const prefix = `it-offsets-many-${suffix()}`;
    const names = Array.from({ length: 500 }, (_, i) => `${prefix}-${i}`);
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: names.map((topic) => ({ topic, numPartitions: 2 })), waitForLeaders: true });
    await admin.disconnect();
    await kcat(["-b", brokers, "-P", "-t", names[123]!, "-p", "1"], "a\nb\nc\n");

    // The first sample after making 500 topics may meet partitions whose leader is not yet known: it retries.
    await waitFor("a sample of the new topics", async () => (await sampler.sample()) === undefined);
    const requests = await countListOffsets(async () => expect(await sampler.sample()).toBeUndefined());
    for (const name of names) expect(sampler.topic(name)?.partitions).toHaveLength(2);
    expect(sampler.topic(names[123]!)?.retainedRecords).toBe(3);
    // The test broker is one node: one connection, whatever the topic count.
    expect(requests.size).toBe(1);
    // Latest: one request per broker for all 1,000+ partitions; earliest was asked by the sample just before
    // (a new topic list) and is asked again only every START_SAMPLE_MS.
    for (const n of requests.values()) expect(n).toBe(1);
    expect(sampler.metrics().find((m) => m.name === "sagascope_offset_sample_partitions")!.samples[0]!.value).toBe(
      [...sampler.topics()].reduce((s, t) => s + t.partitions, 0),
    );
  });
});
