import type { Kafka } from "kafkajs";
import type { Capability } from "../capability";
import type { OverviewSummary } from "../contract";
import type { Decoding } from "../kafka/decoding";
import { planSince, type ReadLimiter, scanSpans } from "../kafka/reader";
import type { Logger } from "../log";
import type { SampleDeltas } from "../offsets/book";
import { listedTopics, statsWithOffsetNumbers, withOffsetNumbers, withSources } from "../offsets/overview";
import type { OffsetSampler } from "../offsets/sampler";
import { TopicCounter } from "../stats/topic-counter";
import type { Store } from "../store";
import { topicsApi, type TopicsSnapshot } from "./api";
import { BucketCounter } from "./buckets";
import { CountLedger } from "./count-ledger";
import type { IngestedBatch } from "../kafka/ingested";
import { tracesApi } from "./trace-api";
import { TraceIndex } from "./trace-index";
import { TraceScans } from "./trace-scan";
import { Throughput } from "./throughput";

export interface TopicsDeps {
  store: Store;
  log: Logger;
  /** The topics ingest reads now, with their partition counts (from its last metadata refresh). */
  topics: () => Array<{ topic: string; partitions: number }>;
  isDeadLetter: (topic: string) => boolean;
  /**
   * Whether ingest reads the topic's records now. A topic read is counted
   * from its records; one not read from its end offsets' growth (with
   * `offsets`), bytes/s from its log sizes. Asked once per topic per sample
   * and per row shown, never per record.
   */
  isRead: (topic: string) => boolean;
  /** Every topic's offsets, sampled without reading records (one per cluster connection); started and stopped here. */
  offsets?: OffsetSampler;
  /** Sends the cluster summary to every browser (once a second); each tab asks for its page of topics. */
  broadcast: (overview: OverviewSummary) => void;
  /** Whether any browser is connected; without, the summary is neither made nor sent. */
  watched?: () => boolean;
  statsFlushMs: number;
  retentionHours: number;
}

/** The records of `b` at or above offset `from` (the one batch that straddles a switch from offsets to records). */
function batchFrom(b: IngestedBatch, from: number): IngestedBatch {
  const records = b.records.filter((r) => Number(r.offset) >= from);
  let bytes = 0;
  let lastTimestamp = 0;
  for (const r of records) {
    bytes += r.size;
    if (r.timestamp > lastTimestamp) lastTimestamp = r.timestamp;
  }
  return { ...b, records, bytes, lastTimestamp };
}

/**
 * Topics: rates now, sparklines, totals that survive restarts, and chart
 * history — from the records of topics read and from the end offsets of
 * those not read (server/streams/count-ledger.ts decides which counts).
 * Cost: one update per batch (per topic and partition counters, a map
 * lookup in the ledger), per offset sample O(partitions) in the ledger and
 * one update per growing topic not read, a database transaction per flush
 * tick; nothing per record.
 */
export async function topicsCapability(deps: TopicsDeps) {
  const { store, log } = deps;
  const counter = new TopicCounter();
  const throughput = new Throughput();
  const buckets = new BucketCounter();
  const ledger = new CountLedger();
  throughput.seed(await store.listTopicStats());
  const offsets = deps.offsets;
  // Topics ingest reads and those the offset sampler's metadata names, with retained records and offset rates.
  const listed = () => (offsets ? listedTopics(deps.topics(), offsets.topics()) : deps.topics());
  const numbers = (topic: string) => offsets?.topic(topic);
  const sources = { isRead: deps.isRead, bytesPerSec: (t: string) => offsets?.bytesPerSec(t) ?? null };
  const overview = () => {
    const ov = throughput.overview(Date.now(), listed(), deps.isDeadLetter);
    if (!offsets) return ov;
    const withNumbers = withOffsetNumbers(ov, numbers);
    const s = withSources({ rows: withNumbers.topics, cluster: withNumbers.cluster }, sources);
    return { ...withNumbers, topics: s.rows, cluster: s.cluster };
  };
  const statsAt = (at: number) => {
    const s = throughput.stats(at, listed(), deps.isDeadLetter);
    return offsets ? withSources(statsWithOffsetNumbers(s, numbers), sources) : s;
  };
  /** Records of a topic not read, written between `fromMs` and `toMs`, counted from its offsets. */
  const countOffsets = (topic: string, records: number, fromMs: number, toMs: number) => {
    counter.addCount(topic, records, 0, toMs);
    throughput.addCount(topic, records, fromMs, toMs);
    buckets.addCount(topic, records, toMs);
  };
  const onSample = (d: SampleDeltas) => {
    const perTopic = new Map<string, number>();
    for (const c of ledger.sample(d, deps.isRead)) perTopic.set(c.topic, (perTopic.get(c.topic) ?? 0) + c.records);
    for (const [topic, n] of perTopic) countOffsets(topic, n, d.previousAt ?? d.at, d.at);
  };
  let unsubscribe: (() => void) | undefined;
  const stats = () => statsAt(Date.now()).rows;
  // One snapshot of every topic's numbers per wall-clock second, shared by the broadcast and every view in it.
  let current: (TopicsSnapshot & { second: number }) | null = null;
  const snapshot = (): TopicsSnapshot => {
    const at = Date.now();
    const second = Math.floor(at / 1000);
    if (current?.second !== second) current = { second, at, ...statsAt(at) };
    return current;
  };

  const flush = async () => {
    const deltas = counter.take();
    const bucketDeltas = buckets.take();
    try {
      await store.addTopicCounts(deltas);
    } catch (err) {
      counter.restore(deltas);
      log.warn("could not save topic counts; will retry", { err });
    }
    try {
      await store.addThroughputBuckets(bucketDeltas);
    } catch (err) {
      buckets.restore(bucketDeltas);
      log.warn("could not save throughput; will retry", { err });
    }
  };
  const prune = () =>
    store
      .pruneThroughput(Math.floor(Date.now() / 1000) - deps.retentionHours * 3600)
      .catch((err: unknown) => log.warn("could not prune throughput history", { err }));
  const timers: NodeJS.Timeout[] = [];

  return {
    name: "topics",
    overview,
    recordsIngested: () => counter.total,
    /** A topic's records/s and bytes/s now (for what Sagascope reads, /api/status). */
    rate: (topic: string) => throughput.rate(topic, Date.now()),
    routes: topicsApi({ store, throughput, overview, stats, snapshot }),
    onBatch: (batch, now) => {
      const first = batch.records[0];
      const last = batch.records[batch.records.length - 1];
      if (offsets && first && last) {
        const { topic, partition } = batch;
        const c = ledger.batch(
          topic,
          partition,
          Number(first.offset),
          Number(last.offset),
          () => offsets.topic(topic)?.partitions.find((p) => p.partition === partition)?.end,
        );
        if (c.gap > 0) countOffsets(batch.topic, c.gap, now, now);
        if (c.from !== null) batch = batchFrom(batch, c.from);
        if (!batch.records.length) return;
      }
      counter.addBatch(batch);
      throughput.addBatch(batch, now);
      buckets.addBatch(batch, now);
    },
    metrics: () => {
      const rows = stats();
      return [
        ...(offsets?.metrics() ?? []),
        {
          name: "sagascope_topic_retained_records",
          help: "Records retained per topic (end offset minus start offset, summed over partitions)",
          type: "gauge",
          samples: rows.flatMap((t) =>
            t.retainedRecords == null ? [] : [{ labels: { topic: t.topic }, value: t.retainedRecords }],
          ),
        },
        {
          name: "sagascope_topic_offset_records_per_second",
          help: "Records per second per topic from the growth of its end offsets (no records read)",
          type: "gauge",
          samples: rows.flatMap((t) =>
            t.offsetRatePerSec == null ? [] : [{ labels: { topic: t.topic }, value: t.offsetRatePerSec }],
          ),
        },
        {
          name: "sagascope_records_ingested_total",
          help: "Records consumed since the process started",
          type: "counter",
          samples: [{ value: counter.total }],
        },
        {
          name: "sagascope_topic_records_total",
          help: "Records seen per topic since Sagascope first saw it (kept across restarts)",
          type: "counter",
          samples: rows.map((t) => ({ labels: { topic: t.topic }, value: t.totalRecords })),
        },
        {
          name: "sagascope_topic_records_per_second",
          help: "Records per second per topic, 5 s average",
          type: "gauge",
          samples: rows.map((t) => ({ labels: { topic: t.topic }, value: t.recordsPerSec })),
        },
        {
          name: "sagascope_topic_bytes_per_second",
          help: "Bytes per second per topic: 5 s average of the records read; for a topic not read an estimate from its log sizes (absent when unknown)",
          type: "gauge",
          samples: rows.flatMap((t) =>
            t.bytesPerSec == null ? [] : [{ labels: { topic: t.topic }, value: t.bytesPerSec }],
          ),
        },
      ];
    },
    start: () => {
      unsubscribe = offsets?.onSample(onSample);
      offsets?.start();
      void prune();
      timers.push(setInterval(() => void prune(), 60_000));
      timers.push(setInterval(() => void flush(), deps.statsFlushMs));
      timers.push(
        setInterval(() => {
          // Nobody looking: no snapshot of every topic's numbers this second (O(topics) and its garbage).
          if (deps.watched && !deps.watched()) return;
          const s = snapshot();
          deps.broadcast({ at: s.at, cluster: s.cluster });
        }, 1000),
      );
    },
    // After ingest has stopped: the last counts are saved.
    stop: async () => {
      for (const t of timers) clearInterval(t);
      await offsets?.stop();
      unsubscribe?.();
      await flush();
    },
  } satisfies Capability & Record<string, unknown>;
}

/** What the traces capability scans with on demand: the app's client, decoding and the limiter of on-demand reads. */
export interface TraceScanDeps {
  kafka: Kafka;
  decoding: Decoding;
  /** Shared with the records capability: a scan is one on-demand read, however long. */
  limiter: ReadLimiter;
}

/**
 * Traces: recent records carrying a trace, saga or correlation id, across
 * topics, and scans of chosen topics for one beyond them. Cost: a reference
 * per record in a ring bounded by count, age and bytes; ids are read only
 * when someone looks one up; a scan reads its topics' last minutes once, in
 * one slot of the on-demand reads.
 */
export function tracesCapability(
  limits: { records: number; maxAgeMs: number; maxBytes: number },
  scan: TraceScanDeps,
): Capability {
  const traces = new TraceIndex(limits.records, limits.maxAgeMs, limits.maxBytes);
  const { kafka, limiter } = scan;
  const scans = new TraceScans({
    decoding: scan.decoding,
    reader: {
      plan: (topic, since) => planSince(kafka, topic, since),
      read: (topic, spans, read) => scanSpans(kafka, topic, spans, read),
      slot: (fn) => limiter.run(fn),
    },
  });
  return {
    name: "traces",
    routes: tracesApi({ traces, scans }),
    onBatch: (batch, now) => traces.add(batch.records, now),
    stop: () => scans.stop(),
  };
}
