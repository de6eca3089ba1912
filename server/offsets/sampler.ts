import type { Metric } from "../http/metrics";
import type { Logger } from "../log";
import { OffsetBook, type PartitionOffsets, type SampleDeltas, type TopicNumbers } from "./book";
import { LogSizeBook } from "./log-sizes";
import type { OffsetClient } from "./client";

/** How often the partitions' start offsets are asked (end offsets: every sample). */
export const START_SAMPLE_MS = 10_000;

export interface OffsetSamplerDeps {
  client: OffsetClient;
  log: Logger;
  now: () => number;
  /** OFFSET_SAMPLE_MS: how often every partition's start and end offsets are listed. */
  intervalMs: number;
  /** TOPIC_REFRESH_MS: how often the topic list and partition counts are read (Metadata). */
  refreshMs: number;
  /** How often the leaders' log sizes are read (DescribeLogDirs) for bytes/s of topics not read; 0: never. Default 30 s. */
  logSizeMs?: number;
  /**
   * Whether anyone looks (a browser connected). While nobody does, samples
   * come every UNWATCHED_SAMPLE_MS at most often: the totals and the 10 s
   * history buckets stay exact (they are offset differences), only the
   * per-second rates nobody sees are coarser.
   */
  watched?: () => boolean;
}

export const UNWATCHED_SAMPLE_MS = 10_000;

/** Whether bytes/s estimates from log sizes exist, and why not when they do not. */
export interface LogSizeStatus {
  state: "pending" | "ok" | "unavailable";
  /** The broker's refusal or the error, when unavailable. */
  reason: string | null;
}

export interface OffsetSampler {
  /** A topic's numbers from the last sample; undefined when it was not sampled. */
  topic(topic: string): TopicNumbers | undefined;
  /** Topics and partition counts from the last metadata refresh. */
  topics(): ReadonlyArray<{ topic: string; partitions: number }>;
  /** Takes one sample now (also what the timer runs); resolves when it is recorded, with the error when it failed. */
  sample(): Promise<unknown>;
  /**
   * Calls `listener` with each recorded sample's end-offset growth per
   * topic (every sampled partition, O(partitions) per sample); returns the
   * unsubscribe.
   */
  onSample(listener: (deltas: SampleDeltas) => void): () => void;
  /** A topic's bytes/s from its leaders' log-size growth; null until two log-size samples, or when they are unavailable. */
  bytesPerSec(topic: string): number | null;
  logSizes(): LogSizeStatus;
  /** Reads the log sizes now (also what their timer runs); resolves when recorded, with the error when it failed. */
  sampleLogSizes(): Promise<unknown>;
  metrics(): Metric[];
  start(): void;
  stop(): Promise<void>;
}

/**
 * One per cluster connection. Cost per sample: two ListOffsets requests per
 * broker (earliest, latest; Kafka refuses a partition twice in one request)
 * carrying every partition it leads, whatever the number of topics, plus the
 * Metadata request the client makes to group them by leader; every
 * TOPIC_REFRESH_MS one more Metadata for the topic list. No record is read.
 * Every `logSizeMs` (30 s) one DescribeLogDirs request per broker naming
 * every partition, plus a Metadata for the leaders.
 */
export function createOffsetSampler(deps: OffsetSamplerDeps): OffsetSampler {
  const { client, log, now } = deps;
  const book = new OffsetBook();
  const sizes = new LogSizeBook();
  const listeners = new Set<(deltas: SampleDeltas) => void>();
  const logSizeMs = deps.logSizeMs ?? 30_000;
  let logStatus: LogSizeStatus = { state: "pending", reason: null };
  let logTimer: NodeJS.Timeout | undefined;
  let logRunning: Promise<unknown> | undefined;
  let topics: Array<{ topic: string; partitions: number }> = [];
  let refreshedAt = Number.NEGATIVE_INFINITY;
  let starts = new Map<string, number>();
  let startsAt = Number.NEGATIVE_INFINITY;
  /** The topic list the start offsets were asked for (a refreshed list asks again). */
  let startsFor: typeof topics | null = null;
  let last = { durationMs: 0, partitions: 0, at: 0 };
  let samples = 0;
  let failures = 0;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> | undefined;
  let stopped = false;

  const take = async () => {
    const t0 = now();
    if (t0 - refreshedAt >= deps.refreshMs) {
      const listed = await client.topics();
      // Same topics and partition counts: keep the list (the start offsets were asked for it).
      const same =
        listed.length === topics.length &&
        listed.every((t, i) => t.topic === topics[i]!.topic && t.partitions === topics[i]!.partitions);
      if (!same) topics = listed;
      refreshedAt = t0;
    }
    // Start offsets move only with retention and deletes: asked every START_SAMPLE_MS, end offsets every sample.
    const startsDue = t0 - startsAt >= START_SAMPLE_MS || topics !== startsFor;
    const [earliest, latest] = await Promise.all([
      startsDue ? client.offsets("earliest", topics) : null,
      client.offsets("latest", topics),
    ]);
    const at = now();
    if (earliest) {
      starts = new Map(earliest.map((o) => [`${o.topic}\u0000${o.partition}`, o.offset]));
      startsAt = t0;
      startsFor = topics;
    }
    const sample: PartitionOffsets[] = latest.map((o) => ({
      topic: o.topic,
      partition: o.partition,
      start: starts.get(`${o.topic}\u0000${o.partition}`) ?? o.offset,
      end: o.offset,
    }));
    const deltas = book.record(at, sample);
    samples += 1;
    for (const l of listeners) {
      try {
        l(deltas);
      } catch (err) {
        log.warn("offset sample listener failed", { err });
      }
    }
    last = { durationMs: at - t0, partitions: sample.length, at };
  };

  const sample = () => {
    // One sample at a time: a slow cluster stretches the interval instead of piling up requests.
    running ??= take()
      .catch((err: unknown) => {
        failures += 1;
        // A topic deleted between metadata and offsets fails the sample; the next refresh drops it.
        refreshedAt = Number.NEGATIVE_INFINITY;
        log.warn("offset sample failed; will retry", { err });
        return err;
      })
      .finally(() => (running = undefined));
    return running;
  };

  const schedule = () => {
    if (stopped) return;
    const ms = deps.watched?.() === false ? Math.max(deps.intervalMs, UNWATCHED_SAMPLE_MS) : deps.intervalMs;
    timer = setTimeout(() => void sample().then(schedule), ms);
  };

  const takeLogSizes = async () => {
    if (!topics.length) return;
    const listed = await client.logSizes(topics);
    sizes.record(now(), listed);
    logStatus = { state: "ok", reason: null };
  };
  const sampleLogSizes = () => {
    logRunning ??= takeLogSizes()
      .catch((err: unknown) => {
        // Refused (no DESCRIBE on the cluster) or failed: bytes/s of topics not read are null until one succeeds.
        const reason = err instanceof Error ? err.message : String(err);
        if (logStatus.state !== "unavailable")
          log.warn("log sizes unavailable; bytes/s of topics not read are null", { err });
        logStatus = { state: "unavailable", reason };
        return err;
      })
      .finally(() => (logRunning = undefined));
    return logRunning;
  };
  const scheduleLogSizes = () => {
    if (stopped || logSizeMs <= 0) return;
    logTimer = setTimeout(() => void sampleLogSizes().then(scheduleLogSizes), logSizeMs);
  };

  return {
    topic: (t) => book.topic(t),
    topics: () => topics,
    sample,
    onSample: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    bytesPerSec: (t) => (logStatus.state === "ok" ? sizes.bytesPerSec(t) : null),
    logSizes: () => logStatus,
    sampleLogSizes,
    metrics: () => [
      {
        name: "sagascope_offset_sample_duration_seconds",
        help: "Time the last offset sample took (Metadata and ListOffsets for every partition)",
        type: "gauge",
        samples: [{ value: last.durationMs / 1000 }],
      },
      {
        name: "sagascope_offset_sample_partitions",
        help: "Partitions in the last offset sample",
        type: "gauge",
        samples: [{ value: last.partitions }],
      },
      {
        name: "sagascope_log_sizes_available",
        help: "1 when the brokers tell the partitions' log sizes (DescribeLogDirs), for bytes/s of topics not read; 0 when refused or failed",
        type: "gauge",
        samples: [{ value: logStatus.state === "unavailable" ? 0 : 1 }],
      },
      {
        name: "sagascope_offset_samples_total",
        help: "Offset samples taken, by result",
        type: "counter",
        samples: [
          { labels: { result: "ok" }, value: samples },
          { labels: { result: "failed" }, value: failures },
        ],
      },
    ],
    start: () => {
      stopped = false;
      // Log sizes after the first offset sample, which brings the topic list.
      void sample().then(() => {
        schedule();
        if (logSizeMs > 0) void sampleLogSizes().then(scheduleLogSizes);
      });
    },
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      clearTimeout(logTimer);
      await running;
      await logRunning;
      await client.close();
    },
  };
}
