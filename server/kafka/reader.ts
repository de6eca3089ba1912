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

export interface TopicPageQuery {
  topic: string;
  /** Only this partition (the others stay unread). */
  partition?: number;
  /** Every partition from this offset, or from the first record at/after `timestamp`. */
  offset?: string;
  timestamp?: number;
  /** Per partition start offsets (a following page); partitions not listed are not read. */
  starts?: Map<number, string>;
  /** Per partition: the records just before these offsets (a preceding page); partitions not listed are not read. */
  before?: Map<number, string>;
  /** Records in the page, merged across partitions by timestamp. */
  limit: number;
  timeoutMs?: number;
}

export interface TopicPage {
  /** `[partition, message]`, oldest first. */
  messages: Array<{ partition: number; message: RawMessage }>;
  /** Per partition read: `next` starts the following page, `prev` is the `before` of the preceding one. */
  partitions: Array<{ partition: number; low: string; high: string; from: string; next: string; prev: string }>;
}

/** Why a read was refused (OUT_OF_RANGE was listed once but never thrown: a start past the end reads nothing). */
export class ReadError extends Error {
  constructor(
    readonly code: "UNKNOWN_TOPIC" | "UNKNOWN_PARTITION" | "BUSY",
    message: string,
  ) {
    super(message);
  }
}

/**
 * At most `max` reads run at once (each is a throwaway consumer and a group
 * on the broker); up to `queue` more wait their turn and the rest are refused
 * with BUSY, so a burst of page loads cannot open hundreds of consumers.
 */
export class ReadLimiter {
  private running = 0;
  private readonly waiting: Array<() => void> = [];
  constructor(
    public max: number,
    readonly queue: number,
  ) {}

  get active(): number {
    return this.running;
  }

  get queued(): number {
    return this.waiting.length;
  }

  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.running >= this.max) {
      if (this.waiting.length >= this.queue)
        throw new ReadError(
          "BUSY",
          `${this.running} reads are running and ${this.waiting.length} waiting; try again in a moment`,
        );
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else this.running++;
    try {
      return await fn();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}

interface Span {
  low: string;
  high: string;
  from: bigint;
  end: bigint;
}

/** The spans to read by partition, and every partition of the topic (those not read stay paused). */
type Spans = Map<number, Span> & { all: number[] };

/**
 * Reads up to `limit` records of one partition from an offset or a
 * timestamp, on demand (older records, a dead letter's original, a saga's
 * hop). A throwaway consumer group, no commits, deleted afterwards.
 */
export async function readRange(kafka: Kafka, q: RangeQuery, limiter: ReadLimiter): Promise<RangeResult> {
  return limiter.run(async () => {
    const spans = await resolveSpans(kafka, q.topic, q, q.limit, q.partition);
    const span = spans.get(q.partition)!;
    const read = await readSpans(kafka, q.topic, spans, q.timeoutMs);
    return { messages: read.get(q.partition) ?? [], low: span.low, high: span.high, from: span.from.toString() };
  });
}

/**
 * A page of a whole topic: up to `limit` records from each partition starting
 * at the offset or time, merged by timestamp and cut to `limit`. `next` per
 * partition is where the following page starts.
 */
export async function readTopicPage(kafka: Kafka, q: TopicPageQuery, limiter: ReadLimiter): Promise<TopicPage> {
  return limiter.run(async () => {
    const spans = await resolveSpans(kafka, q.topic, q, q.limit, q.partition);
    const read = await readSpans(kafka, q.topic, spans, q.timeoutMs);
    const all: TopicPage["messages"] = [];
    for (const [partition, list] of read) for (const message of list) all.push({ partition, message });
    all.sort(
      (a, b) =>
        Number(a.message.timestamp) - Number(b.message.timestamp) ||
        a.partition - b.partition ||
        Number(BigInt(a.message.offset) - BigInt(b.message.offset)),
    );
    // A preceding page keeps the newest `limit` (those adjacent to what the reader has).
    const page = q.before ? all.slice(-q.limit) : all.slice(0, q.limit);
    const nextOf = new Map<number, bigint>();
    const prevOf = new Map<number, bigint>();
    for (const { partition, message } of page) {
      nextOf.set(partition, BigInt(message.offset) + 1n);
      if (!prevOf.has(partition)) prevOf.set(partition, BigInt(message.offset));
    }
    return {
      messages: page,
      partitions: [...spans]
        .sort(([a], [b]) => a - b)
        .map(([partition, s]) => ({
          partition,
          low: s.low,
          high: s.high,
          from: s.from.toString(),
          next: (nextOf.get(partition) ?? (q.before ? s.end : s.from)).toString(),
          prev: (prevOf.get(partition) ?? (q.before ? s.end : s.from)).toString(),
        })),
    };
  });
}

/** Watermarks and start/end offsets of the partitions to read (one, or all). */
async function resolveSpans(
  kafka: Kafka,
  topic: string,
  q: { offset?: string; timestamp?: number; starts?: Map<number, string>; before?: Map<number, string> },
  limit: number,
  only?: number,
): Promise<Spans> {
  const admin = kafka.admin();
  await admin.connect();
  const spans: Spans = Object.assign(new Map<number, Span>(), { all: [] as number[] });
  try {
    const topics = await admin.listTopics();
    if (!topics.includes(topic)) throw new ReadError("UNKNOWN_TOPIC", `topic ${topic} does not exist`);
    const offsets = await admin.fetchTopicOffsets(topic);
    if (only !== undefined && !offsets.some((o) => o.partition === only))
      throw new ReadError("UNKNOWN_PARTITION", `${topic} has no partition ${only}`);
    const byTime = q.timestamp !== undefined ? await admin.fetchTopicOffsetsByTimestamp(topic, q.timestamp) : [];
    spans.all = offsets.map((o) => o.partition);
    for (const o of offsets) {
      if (only !== undefined && o.partition !== only) continue;
      if (q.before) {
        const until = q.before.get(o.partition);
        if (until === undefined) continue;
        let end = BigInt(until) > BigInt(o.high) ? BigInt(o.high) : BigInt(until);
        if (end < BigInt(o.low)) end = BigInt(o.low);
        const from = end - BigInt(limit) > BigInt(o.low) ? end - BigInt(limit) : BigInt(o.low);
        spans.set(o.partition, { low: o.low, high: o.high, from, end });
        continue;
      }
      if (q.starts && !q.starts.has(o.partition)) continue;
      let from: bigint;
      if (q.timestamp !== undefined) {
        const at = byTime.find((t) => t.partition === o.partition)?.offset ?? "-1";
        from = at === "-1" ? BigInt(o.high) : BigInt(at);
      } else from = BigInt(q.starts?.get(o.partition) ?? q.offset ?? o.low);
      if (from < BigInt(o.low)) from = BigInt(o.low);
      if (from > BigInt(o.high)) from = BigInt(o.high);
      const end = from + BigInt(limit) < BigInt(o.high) ? from + BigInt(limit) : BigInt(o.high);
      spans.set(o.partition, { low: o.low, high: o.high, from, end });
    }
  } finally {
    await admin.disconnect();
  }
  return spans;
}

/** One throwaway consumer reads [from, end) of every span; the topic's other partitions stay paused. */
async function readSpans(
  kafka: Kafka,
  topic: string,
  spans: Spans,
  timeoutMs = 15_000,
): Promise<Map<number, RawMessage[]>> {
  const out = new Map<number, RawMessage[]>();
  await consumeSpans(kafka, topic, spans, {
    timeoutMs,
    take: (partition, messages) => {
      const list = out.get(partition) ?? [];
      out.set(partition, list);
      for (const m of messages) list.push(m);
    },
  });
  return out;
}

/** One partition's offsets to scan: [from, end). */
export interface ScanSpan {
  partition: number;
  from: string;
  end: string;
}

/**
 * Each partition's offsets from the first record at or after `timestamp` to
 * its end offset now (a partition with nothing since then has an empty span).
 * One admin round trip; UNKNOWN_TOPIC when the topic does not exist. Run it
 * inside the limiter's slot of the scan it plans.
 */
export async function planSince(kafka: Kafka, topic: string, timestamp: number): Promise<ScanSpan[]> {
  const spans = await resolveSpans(kafka, topic, { timestamp }, Number.MAX_SAFE_INTEGER);
  return [...spans]
    .sort(([a], [b]) => a - b)
    .map(([partition, s]) => ({ partition, from: s.from.toString(), end: s.end.toString() }));
}

export interface ScanRead {
  /** Called with each batch's records within the spans, in offset order per partition. */
  take: (partition: number, messages: RawMessage[]) => void;
  /** Stops the read (the consumer leaves; what was taken stays taken). */
  signal?: AbortSignal;
  /** Gives up when no batch arrives for this long (a span ending in a transaction marker or a compaction gap never delivers its last offset). */
  idleMs?: number;
}

/**
 * Reads `spans` of `topic` with one throwaway consumer (no commits, group
 * deleted afterwards), handing each batch to `take` instead of keeping it:
 * memory stays one fetch whatever the span's size. The caller holds a limiter
 * slot for it (a scan is one read, however long). Cost: every record of the
 * spans crosses the network once.
 */
export async function scanSpans(kafka: Kafka, topic: string, spans: ScanSpan[], read: ScanRead): Promise<boolean> {
  const all: Spans = Object.assign(new Map<number, Span>(), { all: spans.map((s) => s.partition) });
  for (const s of spans) all.set(s.partition, { low: s.from, high: s.end, from: BigInt(s.from), end: BigInt(s.end) });
  return consumeSpans(kafka, topic, all, { take: read.take, signal: read.signal, idleMs: read.idleMs ?? 10_000 });
}

interface Consume {
  take: (partition: number, messages: RawMessage[]) => void;
  /** Ends the read after this long whatever is left. */
  timeoutMs?: number;
  /** Ends the read when no batch came for this long. */
  idleMs?: number;
  signal?: AbortSignal;
}

/**
 * One throwaway consumer reads [from, end) of every span, handing records to
 * `take`; the topic's other partitions stay paused. True when every span was
 * read to its end (not stopped by the timeout, idleness or the signal).
 */
async function consumeSpans(kafka: Kafka, topic: string, spans: Spans, opts: Consume): Promise<boolean> {
  const allPartitions = spans.all;
  const pending = new Set<number>();
  for (const [p, s] of spans) if (s.from < s.end) pending.add(p);
  if (pending.size === 0) return true;
  if (opts.signal?.aborted) return false;

  const groupId = `sagascope-read-${randomBytes(6).toString("hex")}`;
  const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 100, sessionTimeout: 10_000, heartbeatInterval: 1000 });
  let finish: () => void = () => undefined;
  const done = new Promise<void>((r) => (finish = r));
  const timer = opts.timeoutMs === undefined ? undefined : setTimeout(finish, opts.timeoutMs);
  let idle: NodeJS.Timeout | undefined;
  const touch = () => {
    if (opts.idleMs === undefined) return;
    clearTimeout(idle);
    idle = setTimeout(finish, opts.idleMs);
  };
  opts.signal?.addEventListener("abort", finish, { once: true });
  const complete = (p: number) => {
    pending.delete(p);
    consumer.pause([{ topic, partitions: [p] }]);
    if (pending.size === 0) finish();
  };
  try {
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    touch();
    const running = consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch }) => {
        touch();
        const s = spans.get(batch.partition);
        if (!s || !pending.has(batch.partition) || opts.signal?.aborted) return;
        let first = -1;
        let last = batch.messages.length;
        let ended = false;
        for (let i = 0; i < batch.messages.length; i++) {
          const o = BigInt(batch.messages[i]!.offset);
          if (o < s.from) continue;
          if (first < 0) first = i;
          if (o >= s.end) {
            last = i;
            ended = true;
            break;
          }
          if (o + 1n >= s.end) {
            last = i + 1;
            ended = true;
            break;
          }
        }
        if (first >= 0 && first < last) opts.take(batch.partition, batch.messages.slice(first, last));
        if (ended) complete(batch.partition);
      },
    });
    for (const p of pending) consumer.seek({ topic, partition: p, offset: spans.get(p)!.from.toString() });
    // Only the asked partitions are read; the others would start from their beginning.
    const others = allPartitions.filter((x) => !pending.has(x));
    if (others.length) consumer.pause([{ topic, partitions: others }]);
    await running;
    await done;
  } finally {
    clearTimeout(timer);
    clearTimeout(idle);
    opts.signal?.removeEventListener("abort", finish);
    await consumer.disconnect().catch(() => undefined);
    const cleanup = kafka.admin();
    await cleanup
      .connect()
      .then(() => cleanup.deleteGroups([groupId]))
      .catch(() => undefined)
      .finally(() => cleanup.disconnect().catch(() => undefined));
  }
  return pending.size === 0;
}
