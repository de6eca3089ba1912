import type { Overview } from "../contract";
import type { TopicNumbers } from "./book";

/**
 * The topics the overview lists: those ingest reads and those the offset
 * sampler's metadata names, with the metadata's partition count where it has
 * one (it sees a topic's new partitions without a consumer rejoin).
 */
export function listedTopics(
  ingested: ReadonlyArray<{ topic: string; partitions: number }>,
  sampled: ReadonlyArray<{ topic: string; partitions: number }>,
): Array<{ topic: string; partitions: number }> {
  const out = new Map(ingested.map((t) => [t.topic, t.partitions]));
  for (const t of sampled) out.set(t.topic, t.partitions);
  return [...out].map(([topic, partitions]) => ({ topic, partitions }));
}

/** Rows and cluster summary (no sparklines) with every topic's retained records and records/s from offsets. */
export function statsWithOffsetNumbers<R extends { topic: string }, C extends object>(
  s: { rows: R[]; cluster: C },
  numbers: (topic: string) => TopicNumbers | undefined,
): {
  rows: Array<R & { retainedRecords: number | null; offsetRatePerSec: number | null }>;
  cluster: C & { retainedRecords: number | null; offsetRatePerSec: number | null };
} {
  const ov = withOffsetNumbers({ at: 0, topics: s.rows as never, cluster: s.cluster as never }, numbers);
  return { rows: ov.topics as never, cluster: ov.cluster as never };
}

/** The overview with every topic's retained records and records/s from offsets, and their sums for the cluster. */
export function withOffsetNumbers(ov: Overview, numbers: (topic: string) => TopicNumbers | undefined): Overview {
  let retained: number | null = null;
  let rate: number | null = null;
  const topics = ov.topics.map((row) => {
    const n = numbers(row.topic);
    if (n) retained = (retained ?? 0) + n.retainedRecords;
    if (n?.recordsPerSec != null) rate = (rate ?? 0) + n.recordsPerSec;
    return { ...row, retainedRecords: n?.retainedRecords ?? null, offsetRatePerSec: n?.recordsPerSec ?? null };
  });
  return { ...ov, topics, cluster: { ...ov.cluster, retainedRecords: retained, offsetRatePerSec: rate } };
}

/** What `withSources` needs to know about each topic. */
export interface SourceDeps {
  /** Whether the topic's records are read now (its numbers then come from them). */
  isRead: (topic: string) => boolean;
  /** Bytes/s of a topic not read, from its leaders' log sizes; null when unknown. */
  bytesPerSec: (topic: string) => number | null;
}

type Rated = {
  topic: string;
  recordsPerSec: number;
  bytesPerSec: number | null;
  offsetRatePerSec?: number | null;
};

/**
 * Each row says where its numbers come from. A topic not read takes its
 * records/s from the end offsets' growth (the read-based window holds only
 * what offsets added, spread over the samples, or the tail of an earlier
 * read) and its bytes/s from log sizes; the cluster's rates swap those
 * topics' window rates for the same. Rows of read topics are as they were.
 */
export function withSources<R extends Rated, C extends { recordsPerSec: number; bytesPerSec: number | null }>(
  s: { rows: R[]; cluster: C },
  deps: SourceDeps,
): {
  rows: Array<R & { source: "records" | "offsets"; bytesEstimated: boolean }>;
  cluster: C & { source: "records" | "offsets"; bytesEstimated: boolean };
} {
  let records = s.cluster.recordsPerSec;
  let bytes = s.cluster.bytesPerSec ?? 0;
  let fromOffsets = false;
  const rows = s.rows.map((row) => {
    if (deps.isRead(row.topic)) return { ...row, source: "records" as const, bytesEstimated: false };
    fromOffsets = true;
    const recordsPerSec = row.offsetRatePerSec ?? row.recordsPerSec;
    const bytesPerSec = deps.bytesPerSec(row.topic);
    records += recordsPerSec - row.recordsPerSec;
    bytes += (bytesPerSec ?? 0) - (row.bytesPerSec ?? 0);
    return { ...row, recordsPerSec, bytesPerSec, source: "offsets" as const, bytesEstimated: true };
  });
  const source = fromOffsets ? ("offsets" as const) : ("records" as const);
  return {
    rows,
    cluster: {
      ...s.cluster,
      recordsPerSec: Math.max(0, records),
      bytesPerSec: Math.max(0, bytes),
      source,
      bytesEstimated: fromOffsets,
    },
  };
}
