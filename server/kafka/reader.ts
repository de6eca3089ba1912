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

/**
 * The last `count` offsets of every partition of each topic ([end − count,
 * end), never before the log start), with one admin connection for all of
 * them and two ListOffsets round trips per topic. Topics that no longer
 * exist are left out. Run it inside the limiter's slot of the read it plans.
 */
export async function planTails(kafka: Kafka, topics: readonly string[], count: number): Promise<TopicSpans> {
  const admin = kafka.admin();
  await admin.connect();
  const out: TopicSpans = new Map();
  try {
    const known = new Set(await admin.listTopics());
    for (const topic of topics) {
      if (!known.has(topic)) continue;
      const offsets = await admin.fetchTopicOffsets(topic);
      out.set(
        topic,
        tailSpans(
          offsets.map((o) => ({ partition: o.partition, start: o.low, end: o.high })),
          count,
        ),
      );
    }
  } finally {
    await admin.disconnect();
  }
  return out;
}

/** [end − count, end) of each partition, never before its start: the spans of a tail read. */
export function tailSpans(
  partitions: ReadonlyArray<{ partition: number; start: number | string; end: number | string }>,
  count: number,
): ScanSpan[] {
  return [...partitions]
    .sort((a, b) => a.partition - b.partition)
    .map((p) => {
      const start = BigInt(p.start);
      const end = BigInt(p.end);
      const from = end - BigInt(count) > start ? end - BigInt(count) : start;
      return { partition: p.partition, from: (from < end ? from : end).toString(), end: end.toString() };
    });
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

/** Spans of several topics to read with one consumer: topic → its spans. */
export type TopicSpans = Map<string, ScanSpan[]>;

export interface TopicsRead {
  /**
   * Called with each batch's records within the spans, in offset order per
   * partition; answering true ends that partition's read (it is paused), so
   * a caller can bound a partition by bytes as well as by offsets.
   */
  take: (topic: string, partition: number, messages: RawMessage[]) => boolean | void;
  signal?: AbortSignal;
  /** Gives up when no batch arrives for this long (default 10 s). */
  idleMs?: number;
  /** Ends the read after this long whatever is left. */
  timeoutMs?: number;
  /** Largest fetch per partition, bytes (kafkajs' maxBytesPerPartition; Kafka still sends a first batch larger than it whole). */
  maxBytesPerPartition?: number;
}

/**
 * Reads the spans of several topics with one throwaway consumer (one group
 * for all of them, not one per topic; no commits, deleted afterwards): what
 * topic profiles read, a few records of many partitions. The caller holds a
 * limiter slot. Name every partition of each topic (an empty span for one
 * not to read): partitions left out are not paused. True when every span
 * was read to its end or ended by `take`.
 */
export async function scanTopics(kafka: Kafka, plan: TopicSpans, read: TopicsRead): Promise<boolean> {
  const all = new Map<string, Spans>();
  for (const [topic, spans] of plan) {
    const t: Spans = Object.assign(new Map<number, Span>(), { all: spans.map((s) => s.partition) });
    for (const s of spans) t.set(s.partition, { low: s.from, high: s.end, from: BigInt(s.from), end: BigInt(s.end) });
    all.set(topic, t);
  }
  return consumeTopics(kafka, all, { ...read, idleMs: read.idleMs ?? 10_000 });
}

interface Consume {
  take: (partition: number, messages: RawMessage[]) => void;
  /** Ends the read after this long whatever is left. */
  timeoutMs?: number;
  /** Ends the read when no batch came for this long. */
  idleMs?: number;
  signal?: AbortSignal;
}

/** One topic's spans read by `consumeTopics`. */
const consumeSpans = (kafka: Kafka, topic: string, spans: Spans, opts: Consume): Promise<boolean> =>
  consumeTopics(kafka, new Map([[topic, spans]]), { ...opts, take: (_t, p, m) => void opts.take(p, m) });

/**
 * One throwaway consumer reads [from, end) of every span of every topic,
 * handing records to `take`; the topics' other partitions stay paused. True
 * when every span was read to its end or ended by `take` (not stopped by the
 * timeout, idleness or the signal).
 */
async function consumeTopics(kafka: Kafka, spans: Map<string, Spans>, opts: TopicsRead): Promise<boolean> {
  const key = (topic: string, p: number) => `${topic}\u0000${p}`;
  const pending = new Set<string>();
  for (const [topic, t] of spans) for (const [p, s] of t) if (s.from < s.end) pending.add(key(topic, p));
  if (pending.size === 0) return true;
  if (opts.signal?.aborted) return false;
  const topics = [...spans.keys()].filter((t) => [...spans.get(t)!.keys()].some((p) => pending.has(key(t, p))));

  const groupId = `sagascope-read-${randomBytes(6).toString("hex")}`;
  const consumer = kafka.consumer({
    groupId,
    maxWaitTimeInMs: 100,
    sessionTimeout: 10_000,
    heartbeatInterval: 1000,
    ...(opts.maxBytesPerPartition ? { maxBytesPerPartition: opts.maxBytesPerPartition } : {}),
  });
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
  const complete = (topic: string, p: number) => {
    pending.delete(key(topic, p));
    consumer.pause([{ topic, partitions: [p] }]);
    if (pending.size === 0) finish();
  };
  try {
    await consumer.connect();
    await consumer.subscribe({ topics, fromBeginning: true });
    touch();
    const running = consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch }) => {
        touch();
        const s = spans.get(batch.topic)?.get(batch.partition);
        if (!s || !pending.has(key(batch.topic, batch.partition)) || opts.signal?.aborted) return;
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
        if (first >= 0 && first < last && opts.take(batch.topic, batch.partition, batch.messages.slice(first, last)))
          ended = true;
        if (ended) complete(batch.topic, batch.partition);
      },
    });
    for (const [topic, t] of spans) {
      for (const [p, s] of t)
        if (pending.has(key(topic, p))) consumer.seek({ topic, partition: p, offset: s.from.toString() });
      // Only the asked partitions are read; the others would start from their beginning.
      const others = t.all.filter((x) => !pending.has(key(topic, x)));
      if (others.length && topics.includes(topic)) consumer.pause([{ topic, partitions: others }]);
    }
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
