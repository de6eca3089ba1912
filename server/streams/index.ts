import type { Kafka } from "kafkajs";
import type { Capability } from "../capability";
import type { OverviewSummary } from "../contract";
import type { Decoding } from "../kafka/decoding";
import { planSince, type ReadLimiter, scanSpans } from "../kafka/reader";
import type { Logger } from "../log";
import { listedTopics, statsWithOffsetNumbers, withOffsetNumbers } from "../offsets/overview";
import type { OffsetSampler } from "../offsets/sampler";
import { TopicCounter } from "../stats/topic-counter";
import type { Store } from "../store";
import { topicsApi, type TopicsSnapshot } from "./api";
import { BucketCounter } from "./buckets";
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
  /** Every topic's offsets, sampled without reading records (one per cluster connection); started and stopped here. */
  offsets?: OffsetSampler;
  /** Sends the cluster summary to every browser (once a second); each tab asks for its page of topics. */
  broadcast: (overview: OverviewSummary) => void;
  statsFlushMs: number;
  retentionHours: number;
}

/**
 * Topics: rates now, sparklines, totals that survive restarts, and chart
 * history. Cost: one update per batch (per topic and partition counters), a
 * database transaction per flush tick; nothing per record.
 */
export async function topicsCapability(deps: TopicsDeps) {
  const { store, log } = deps;
  const counter = new TopicCounter();
  const throughput = new Throughput();
  const buckets = new BucketCounter();
  throughput.seed(await store.listTopicStats());
  const offsets = deps.offsets;
  // Topics ingest reads and those the offset sampler's metadata names, with retained records and offset rates.
  const listed = () => (offsets ? listedTopics(deps.topics(), offsets.topics()) : deps.topics());
  const numbers = (topic: string) => offsets?.topic(topic);
  const overview = () => {
    const ov = throughput.overview(Date.now(), listed(), deps.isDeadLetter);
    return offsets ? withOffsetNumbers(ov, numbers) : ov;
  };
  const statsAt = (at: number) => {
    const s = throughput.stats(at, listed(), deps.isDeadLetter);
    return offsets ? statsWithOffsetNumbers(s, numbers) : s;
  };
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
          help: "Bytes per second per topic, 5 s average",
          type: "gauge",
          samples: rows.map((t) => ({ labels: { topic: t.topic }, value: t.bytesPerSec })),
        },
      ];
    },
    start: () => {
      offsets?.start();
      void prune();
      timers.push(setInterval(() => void prune(), 60_000));
      timers.push(setInterval(() => void flush(), deps.statsFlushMs));
      timers.push(
        setInterval(() => {
          const s = snapshot();
          deps.broadcast({ at: s.at, cluster: s.cluster });
        }, 1000),
      );
    },
    // After ingest has stopped: the last counts are saved.
    stop: async () => {
      for (const t of timers) clearInterval(t);
      await offsets?.stop();
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
