/**
 * Every partition's numbers from its start and end offsets, sampled every
 * OFFSET_SAMPLE_MS — no record is read. Pure: the caller passes each sample's
 * time.
 *
 * Memory per partition: its start and end offsets and a ring of RING
 * (time, end offset) pairs for the rate — one small object and one
 * Float64Array of 2 × RING numbers (about 150 B with the map entry). Offsets
 * are kept as numbers: exact below 2^53, which no partition reaches.
 *
 * Offset counts include what offsets count: transaction markers and, on
 * compacted topics, records compacted away (retained = end − start then
 * counts the gaps too).
 */

/** Points in each partition's ring; the rate spans RING − 1 intervals (6 s at the default 2 s). */
export const RING = 4;

export interface PartitionOffsets {
  topic: string;
  partition: number;
  /** The log start offset (earliest). */
  start: number;
  /** The log end offset (latest, the next offset to be written). */
  end: number;
}

export interface PartitionNumbers {
  partition: number;
  start: number;
  end: number;
  retainedRecords: number;
  /** Records/s from end-offset deltas over the ring; null until two samples. */
  recordsPerSec: number | null;
}

export interface TopicNumbers {
  topic: string;
  partitions: PartitionNumbers[];
  /** Sum of the partitions' end offsets: records ever written (with markers and compacted ones). */
  endOffset: number;
  retainedRecords: number;
  /** Sum of the partitions' rates; null until every partition has two samples. */
  recordsPerSec: number | null;
}

class PartitionState {
  start = 0;
  end = 0;
  /** [t0, end0, t1, end1, …], `count` valid pairs ending at `head` − 1 (mod RING). */
  private ring = new Float64Array(RING * 2);
  private head = 0;
  private count = 0;

  observe(at: number, start: number, end: number): void {
    const last = this.count ? this.ring[((this.head + RING - 1) % RING) * 2 + 1]! : 0;
    // A smaller end offset: the topic was deleted and made again. Its history is another log's.
    if (this.count && end < last) this.count = 0;
    this.start = start;
    this.end = end;
    this.ring[this.head * 2] = at;
    this.ring[this.head * 2 + 1] = end;
    this.head = (this.head + 1) % RING;
    this.count = Math.min(this.count + 1, RING);
  }

  rate(): number | null {
    if (this.count < 2) return null;
    const newest = ((this.head + RING - 1) % RING) * 2;
    const oldest = ((this.head + RING - this.count) % RING) * 2;
    const seconds = (this.ring[newest]! - this.ring[oldest]!) / 1000;
    return seconds > 0 ? (this.ring[newest + 1]! - this.ring[oldest + 1]!) / seconds : null;
  }
}

/** The latest offsets of every sampled partition and the rates between samples. */
export class OffsetBook {
  private topics = new Map<string, Map<number, PartitionState>>();

  /**
   * One complete sample taken at `at`: every partition of every topic
   * sampled. Topics and partitions absent from it are forgotten.
   */
  record(at: number, sample: readonly PartitionOffsets[]): void {
    const seen = new Map<string, Set<number>>();
    for (const p of sample) {
      let parts = this.topics.get(p.topic);
      if (!parts) this.topics.set(p.topic, (parts = new Map()));
      let state = parts.get(p.partition);
      if (!state) parts.set(p.partition, (state = new PartitionState()));
      state.observe(at, p.start, p.end);
      let s = seen.get(p.topic);
      if (!s) seen.set(p.topic, (s = new Set()));
      s.add(p.partition);
    }
    for (const [topic, parts] of this.topics) {
      const s = seen.get(topic);
      if (!s) this.topics.delete(topic);
      else for (const partition of parts.keys()) if (!s.has(partition)) parts.delete(partition);
    }
  }

  /** A topic's numbers, or undefined when it was not in the last sample. */
  topic(topic: string): TopicNumbers | undefined {
    const parts = this.topics.get(topic);
    if (!parts) return undefined;
    let endOffset = 0;
    let retainedRecords = 0;
    let recordsPerSec: number | null = 0;
    const partitions: PartitionNumbers[] = [];
    for (const [partition, s] of [...parts].sort((a, b) => a[0] - b[0])) {
      const rate = s.rate();
      partitions.push({ partition, start: s.start, end: s.end, retainedRecords: s.end - s.start, recordsPerSec: rate });
      endOffset += s.end;
      retainedRecords += s.end - s.start;
      recordsPerSec = rate === null || recordsPerSec === null ? null : recordsPerSec + rate;
    }
    return { topic, partitions, endOffset, retainedRecords, recordsPerSec };
  }

  /** The topics of the last sample. */
  topicNames(): string[] {
    return [...this.topics.keys()];
  }

  get partitionCount(): number {
    let n = 0;
    for (const parts of this.topics.values()) n += parts.size;
    return n;
  }
}
