/**
 * Bytes/s per topic estimated from the growth of its partitions' log sizes
 * on their leaders (DescribeLogDirs), for topics whose records are not read.
 * Pure: the caller passes each sample's time.
 *
 * An estimate: a log's size is what is on disk (batch headers, compression,
 * index entries not counted), it moves in whole batches, and it shrinks when
 * retention or compaction removes segments — a shrinking partition adds
 * nothing to that interval (the rate then reads low). Memory: one number per
 * partition and one per topic.
 */

export interface PartitionLogSize {
  topic: string;
  partition: number;
  bytes: number;
}

export class LogSizeBook {
  private sizes = new Map<string, Map<number, number>>();
  private rates = new Map<string, number>();
  private lastAt: number | null = null;

  /** One complete sample of the leaders' log sizes; topics absent from it are forgotten. */
  record(at: number, sample: readonly PartitionLogSize[]): void {
    const seconds = this.lastAt === null ? 0 : (at - this.lastAt) / 1000;
    const next = new Map<string, Map<number, number>>();
    const grown = new Map<string, number>();
    for (const p of sample) {
      let parts = next.get(p.topic);
      if (!parts) next.set(p.topic, (parts = new Map()));
      parts.set(p.partition, p.bytes);
      const before = this.sizes.get(p.topic)?.get(p.partition);
      // A partition first seen has no interval yet: its size is the log so far, not a rate.
      if (before === undefined) continue;
      grown.set(p.topic, (grown.get(p.topic) ?? 0) + Math.max(0, p.bytes - before));
    }
    this.rates = new Map();
    if (seconds > 0) for (const [topic, bytes] of grown) this.rates.set(topic, bytes / seconds);
    this.sizes = next;
    this.lastAt = at;
  }

  /** Bytes/s of a topic over the last interval; null until it was in two samples. */
  bytesPerSec(topic: string): number | null {
    return this.rates.get(topic) ?? null;
  }

  /** Bytes on the leaders now, summed over the topic's partitions; null when not sampled. */
  size(topic: string): number | null {
    const parts = this.sizes.get(topic);
    if (!parts) return null;
    let n = 0;
    for (const b of parts.values()) n += b;
    return n;
  }
}
