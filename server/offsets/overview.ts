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
