import type { WireRecord } from "../contract";
import type { IngestedBatch } from "../kafka/ingested";

/** Width of a persisted throughput bucket. */
export const BUCKET_SEC = 10;
/** Scope of the whole cluster; topics use their name. */
export const CLUSTER_SCOPE = "";
/** Partition value meaning "all partitions of the scope". */
export const ALL_PARTITIONS = -1;

export interface BucketDelta {
  scope: string;
  partition: number;
  /** Epoch second at which the bucket starts (a multiple of BUCKET_SEC). */
  bucket: number;
  records: number;
  bytes: number;
}

/**
 * Counts records into 10 s buckets per topic, per topic-partition and for the
 * cluster between flushes, so the database sees one upsert per bucket and
 * key every few seconds. A failed flush is restored, so nothing is lost.
 */
export class BucketCounter {
  private pending = new Map<string, BucketDelta>();

  /** A consumed batch (one topic-partition), counted once. */
  addBatch(b: IngestedBatch, nowMs: number): void {
    const bucket = Math.floor(nowMs / 1000 / BUCKET_SEC) * BUCKET_SEC;
    const n = b.records.length;
    this.bump(b.topic, ALL_PARTITIONS, bucket, n, b.bytes);
    this.bump(b.topic, b.partition, bucket, n, b.bytes);
    this.bump(CLUSTER_SCOPE, ALL_PARTITIONS, bucket, n, b.bytes);
  }

  add(records: ReadonlyArray<Pick<WireRecord, "topic" | "partition" | "size">>, nowMs: number): void {
    const bucket = Math.floor(nowMs / 1000 / BUCKET_SEC) * BUCKET_SEC;
    for (const r of records) {
      this.bump(r.topic, ALL_PARTITIONS, bucket, 1, r.size);
      this.bump(r.topic, r.partition, bucket, 1, r.size);
      this.bump(CLUSTER_SCOPE, ALL_PARTITIONS, bucket, 1, r.size);
    }
  }

  /** Records of a topic counted without reading them (from offsets): the topic's and the cluster's buckets, no partition's. */
  addCount(topic: string, records: number, nowMs: number): void {
    const bucket = Math.floor(nowMs / 1000 / BUCKET_SEC) * BUCKET_SEC;
    this.bump(topic, ALL_PARTITIONS, bucket, records, 0);
    this.bump(CLUSTER_SCOPE, ALL_PARTITIONS, bucket, records, 0);
  }

  take(): BucketDelta[] {
    const out = [...this.pending.values()];
    this.pending = new Map();
    return out;
  }

  restore(deltas: readonly BucketDelta[]): void {
    for (const d of deltas) this.bump(d.scope, d.partition, d.bucket, d.records, d.bytes);
  }

  private bump(scope: string, partition: number, bucket: number, records: number, bytes: number): void {
    const key = `${scope}\u0000${partition}\u0000${bucket}`;
    const d = this.pending.get(key);
    if (d) {
      d.records += records;
      d.bytes += bytes;
    } else this.pending.set(key, { scope, partition, bucket, records, bytes });
  }
}
