import type { Overview, TopicOverview, WireRecord } from "../contract";
import { SPARK_SECONDS } from "../contract";
import type { IngestedBatch } from "../kafka/ingested";
import { RateWindows } from "./rate-window";

const CLUSTER = "\u0000cluster";
const partitionKey = (topic: string, partition: number) => `${topic}\u0000${partition}`;

/**
 * Throughput per topic and for the whole cluster: 1 s buckets over the last
 * 5 minutes, plus running totals seeded from the database at start. Pure apart
 * from the clock the caller passes in.
 */
export class Throughput {
  private windows = new RateWindows(300);
  private totals = new Map<string, { records: number; bytes: number }>();

  /** Totals saved by earlier runs, so a restart continues the counts. */
  seed(rows: ReadonlyArray<{ topic: string; records: bigint; bytes: bigint }>): void {
    for (const r of rows) this.bump(r.topic, Number(r.records), Number(r.bytes));
  }

  /** A consumed batch (one topic-partition), counted once. */
  addBatch(b: IngestedBatch, nowMs: number): void {
    this.windows.add(partitionKey(b.topic, b.partition), nowMs, b.records.length, b.bytes);
    this.windows.add(b.topic, nowMs, b.records.length, b.bytes);
    this.bump(b.topic, b.records.length, b.bytes);
    this.windows.add(CLUSTER, nowMs, b.records.length, b.bytes);
  }

  add(records: ReadonlyArray<Pick<WireRecord, "topic" | "partition" | "size">>, nowMs: number): void {
    let bytes = 0;
    const perTopic = new Map<string, { n: number; b: number }>();
    for (const r of records) {
      const t = perTopic.get(r.topic) ?? { n: 0, b: 0 };
      t.n += 1;
      t.b += r.size;
      perTopic.set(r.topic, t);
      bytes += r.size;
    }
    for (const r of records) this.windows.add(partitionKey(r.topic, r.partition), nowMs, 1, r.size);
    for (const [topic, t] of perTopic) {
      this.windows.add(topic, nowMs, t.n, t.b);
      this.bump(topic, t.n, t.b);
    }
    this.windows.add(CLUSTER, nowMs, records.length, bytes);
  }

  overview(
    nowMs: number,
    topics: ReadonlyArray<{ topic: string; partitions: number }>,
    isDeadLetter: (topic: string) => boolean,
  ): Overview {
    const rows: TopicOverview[] = topics.map(({ topic, partitions }) => ({
      topic,
      partitions,
      deadLetter: isDeadLetter(topic),
      ...this.metrics(topic, nowMs),
    }));
    const cluster = this.metrics(CLUSTER, nowMs);
    const totalRecords = rows.reduce((s, r) => s + r.totalRecords, 0);
    const totalBytes = rows.reduce((s, r) => s + r.totalBytes, 0);
    const partitions = rows.reduce((s, r) => s + r.partitions, 0);
    return {
      at: nowMs,
      topics: rows,
      cluster: { ...cluster, totalRecords, totalBytes, partitions, topicCount: rows.length },
    };
  }

  /** Per-second points of the last `seconds` (at most the 5 min window); topic "" is the cluster. */
  recent(
    topic: string,
    partition: number,
    nowMs: number,
    seconds: number,
  ): Array<{ t: number; records: number; bytes: number }> {
    const key = topic === "" ? CLUSTER : partition < 0 ? topic : partitionKey(topic, partition);
    return this.windows.series(key, nowMs, seconds);
  }

  /** Records/s and bytes/s of a topic now, 5 s average (what the overview shows, without its sparkline). */
  rate(topic: string, nowMs: number): { recordsPerSec: number; bytesPerSec: number } {
    return this.windows.rate(topic, nowMs, 5);
  }

  /** Records/s and bytes/s now, per partition of a topic. */
  partitionRates(topic: string, partitions: number, nowMs: number) {
    return Array.from({ length: partitions }, (_, partition) => ({
      partition,
      ...this.windows.rate(partitionKey(topic, partition), nowMs, 5),
    }));
  }

  private metrics(key: string, nowMs: number) {
    const rate = this.windows.rate(key, nowMs, 5);
    const total = this.totals.get(key) ?? { records: 0, bytes: 0 };
    return {
      recordsPerSec: rate.recordsPerSec,
      bytesPerSec: rate.bytesPerSec,
      spark: this.windows.series(key, nowMs, SPARK_SECONDS).map((p) => p.records),
      totalRecords: total.records,
      totalBytes: total.bytes,
    };
  }

  private bump(topic: string, records: number, bytes: number): void {
    const t = this.totals.get(topic) ?? { records: 0, bytes: 0 };
    t.records += records;
    t.bytes += bytes;
    this.totals.set(topic, t);
  }
}
