import { randomBytes } from "node:crypto";
import type { Kafka } from "kafkajs";
import type { RawMessage } from "./to-wire";

export interface RangeQuery {
  topic: string;
  partition: number;
  /** Start here (inclusive); or at the first record at/after `timestamp`. */
  offset?: string;
  timestamp?: number;
  limit: number;
  /** Gives up (returning what it has) after this long. */
  timeoutMs?: number;
}

export interface RangeResult {
  messages: RawMessage[];
  /** The partition's low and high watermarks when read. */
  low: string;
  high: string;
  /** Where the read started (after resolving a timestamp). */
  from: string;
}

export class ReadError extends Error {
  constructor(
    readonly code: "UNKNOWN_TOPIC" | "UNKNOWN_PARTITION" | "OUT_OF_RANGE",
    message: string,
  ) {
    super(message);
  }
}

/**
 * Reads up to `limit` records of one partition from an offset or a
 * timestamp, on demand (older records, a dead letter's original, a saga's
 * hop). A throwaway consumer group, no commits, deleted afterwards.
 */
export async function readRange(kafka: Kafka, q: RangeQuery): Promise<RangeResult> {
  const admin = kafka.admin();
  await admin.connect();
  let low: string;
  let high: string;
  let from: bigint;
  let partitions: number[] = [];
  try {
    const topics = await admin.listTopics();
    if (!topics.includes(q.topic)) throw new ReadError("UNKNOWN_TOPIC", `topic ${q.topic} does not exist`);
    const offsets = await admin.fetchTopicOffsets(q.topic);
    const p = offsets.find((o) => o.partition === q.partition);
    if (!p) throw new ReadError("UNKNOWN_PARTITION", `${q.topic} has no partition ${q.partition}`);
    low = p.low;
    high = p.high;
    partitions = offsets.map((o) => o.partition);
    if (q.timestamp !== undefined) {
      const at = (await admin.fetchTopicOffsetsByTimestamp(q.topic, q.timestamp)).find((o) => o.partition === q.partition)?.offset ?? "-1";
      from = at === "-1" ? BigInt(high) : BigInt(at);
    } else from = BigInt(q.offset ?? low);
  } finally {
    await admin.disconnect();
  }
  if (from < BigInt(low)) from = BigInt(low);
  const end = from + BigInt(q.limit) < BigInt(high) ? from + BigInt(q.limit) : BigInt(high);
  if (from >= end) return { messages: [], low, high, from: from.toString() };

  const groupId = `sagascope-read-${randomBytes(6).toString("hex")}`;
  const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 100, sessionTimeout: 10_000, heartbeatInterval: 1000 });
  const messages: RawMessage[] = [];
  let finish: () => void = () => undefined;
  const done = new Promise<void>((r) => (finish = r));
  const timer = setTimeout(finish, q.timeoutMs ?? 15_000);
  try {
    await consumer.connect();
    await consumer.subscribe({ topic: q.topic, fromBeginning: true });
    const running = consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch }) => {
        if (batch.partition !== q.partition) return;
        for (const m of batch.messages) {
          const o = BigInt(m.offset);
          if (o < from) continue;
          if (o >= end) return finish();
          messages.push(m);
          if (o + 1n >= end) return finish();
        }
      },
    });
    consumer.seek({ topic: q.topic, partition: q.partition, offset: from.toString() });
    // Only the asked partition is read; the others would start from their beginning.
    const others = partitions.filter((x) => x !== q.partition);
    if (others.length) consumer.pause([{ topic: q.topic, partitions: others }]);
    await running;
    await done;
  } finally {
    clearTimeout(timer);
    await consumer.disconnect().catch(() => undefined);
    const cleanup = kafka.admin();
    await cleanup
      .connect()
      .then(() => cleanup.deleteGroups([groupId]))
      .catch(() => undefined)
      .finally(() => cleanup.disconnect().catch(() => undefined));
  }
  return { messages, low, high, from: from.toString() };
}
