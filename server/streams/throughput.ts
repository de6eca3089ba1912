import type { Overview, WireRecord } from "../contract";
import { SPARK_SECONDS } from "../contract";
import type { IngestedBatch } from "../kafka/ingested";
import { RateWindows } from "./rate-window";
import type { TopicStat } from "./topic-view";

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

  /**
   * Records of a topic counted without reading them (from offsets), written
   * between `fromMs` and `toMs`: spread evenly over those seconds (at most
   * the window) so a sample every 2 s draws a level line, not a comb. The
   * topic's and the cluster's series and the topic's total; no partition's.
   */
  addCount(topic: string, records: number, fromMs: number, toMs: number): void {
    this.bump(topic, records, 0);
    const start = Math.max(fromMs, toMs - this.windows.seconds * 1000);
    const span = toMs - start;
    if (span <= 0) {
      this.windows.add(topic, toMs, records, 0);
      this.windows.add(CLUSTER, toMs, records, 0);
      return;
    }
    for (let sec = Math.floor(start / 1000); sec * 1000 < toMs; sec++) {
      const overlap = Math.min(toMs, (sec + 1) * 1000) - Math.max(start, sec * 1000);
      if (overlap <= 0) continue;
      const n = (records * overlap) / span;
      this.windows.add(topic, sec * 1000, n, 0);
      this.windows.add(CLUSTER, sec * 1000, n, 0);
    }
  }

  /** Every topic's full overview, sparklines included (GET /api/overview); pages use `stats` and `spark`. */
  overview(
    nowMs: number,
    topics: ReadonlyArray<{ topic: string; partitions: number }>,
    isDeadLetter: (topic: string) => boolean,
  ): Overview {
    const { rows, cluster } = this.stats(nowMs, topics, isDeadLetter);
    return { at: nowMs, topics: rows.map((r) => ({ ...r, spark: this.spark(r.topic, nowMs) })), cluster };
  }

  /**
   * Every topic's rates and totals and the cluster's summary, without the
   * topics' sparklines: O(topics) (a 5 s rate each), taken once a second.
   */
  stats(
    nowMs: number,
    topics: ReadonlyArray<{ topic: string; partitions: number }>,
    isDeadLetter: (topic: string) => boolean,
  ): { rows: TopicStat[]; cluster: Overview["cluster"] } {
    const rows: TopicStat[] = topics.map(({ topic, partitions }) => ({
      topic,
      partitions,
      deadLetter: isDeadLetter(topic),
      ...this.numbers(topic, nowMs),
    }));
    let totalRecords = 0;
    let totalBytes = 0;
    let partitions = 0;
    for (const r of rows) {
      totalRecords += r.totalRecords;
      totalBytes += r.totalBytes;
      partitions += r.partitions;
    }
    const cluster = { ...this.numbers(CLUSTER, nowMs), spark: this.spark("", nowMs) };
    return { rows, cluster: { ...cluster, totalRecords, totalBytes, partitions, topicCount: rows.length } };
  }

  /** Records/s of each of the last SPARK_SECONDS seconds, oldest first; topic "" is the cluster. */
  spark(topic: string, nowMs: number): number[] {
    return this.windows.series(topic === "" ? CLUSTER : topic, nowMs, SPARK_SECONDS).map((p) => p.records);
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

  private numbers(key: string, nowMs: number) {
    const rate = this.windows.rate(key, nowMs, 5);
    const total = this.totals.get(key) ?? { records: 0, bytes: 0 };
    return {
      recordsPerSec: rate.recordsPerSec,
      bytesPerSec: rate.bytesPerSec,
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
