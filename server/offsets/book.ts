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

/**
 * One partition's end-offset growth in a sample: the records written in
 * [from, to). `from` is the previous sample's end offset; 0 for a partition
 * added to a topic that was already sampled (a new partition starts empty);
 * equal to `to` (no growth) on a topic's first sample, which must not count
 * the whole log as a burst, and when the end offset went backwards (the
 * topic was deleted and made again): what the new log holds before that
 * sample is not counted.
 */
export interface PartitionDelta {
  partition: number;
  from: number;
  to: number;
  /** The end offset went backwards: whoever keeps a position in the old log starts again from `to`. */
  reset: boolean;
}

/** A topic's growth in one sample, every sampled partition listed. */
export interface TopicDelta {
  topic: string;
  partitions: PartitionDelta[];
}

/** What one sample added, per topic, between the previous sample's time and its own. */
export interface SampleDeltas {
  at: number;
  /** The previous recorded sample's time; null on the first. */
  previousAt: number | null;
  topics: TopicDelta[];
}

class PartitionState {
  start = 0;
  end = 0;
  /** [t0, end0, t1, end1, …], `count` valid pairs ending at `head` − 1 (mod RING). */
  private ring = new Float64Array(RING * 2);
  private head = 0;
  private count = 0;

  /** Records the sample; returns the previous end offset, or null when there is none or the log is another one now. */
  observe(at: number, start: number, end: number): number | null {
    const last = this.count ? this.ring[((this.head + RING - 1) % RING) * 2 + 1]! : null;
    // A smaller end offset: the topic was deleted and made again. Its history is another log's.
    const reset = last !== null && end < last;
    if (reset) this.count = 0;
    this.start = start;
    this.end = end;
    this.ring[this.head * 2] = at;
    this.ring[this.head * 2 + 1] = end;
    this.head = (this.head + 1) % RING;
    this.count = Math.min(this.count + 1, RING);
    return reset ? null : last;
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
  private lastAt: number | null = null;

  /**
   * One complete sample taken at `at`: every partition of every topic
   * sampled. Topics and partitions absent from it are forgotten. Returns the
   * end-offset growth per topic since the previous sample (O(partitions): one small object per partition).
   */
  record(at: number, sample: readonly PartitionOffsets[]): SampleDeltas {
    const seen = new Map<string, Set<number>>();
    const grown = new Map<string, PartitionDelta[]>();
    // Topics of the previous sample: a partition new to one of them was added since and starts empty.
    const known = new Set(this.topics.keys());
    for (const p of sample) {
      let parts = this.topics.get(p.topic);
      const knownTopic = known.has(p.topic);
      if (!parts) this.topics.set(p.topic, (parts = new Map()));
      let state = parts.get(p.partition);
      const fresh = !state;
      if (!state) parts.set(p.partition, (state = new PartitionState()));
      const previous = state.observe(at, p.start, p.end);
      const from = previous ?? (fresh && knownTopic ? 0 : p.end);
      let list = grown.get(p.topic);
      if (!list) grown.set(p.topic, (list = []));
      list.push({ partition: p.partition, from, to: p.end, reset: !fresh && previous === null });
      let s = seen.get(p.topic);
      if (!s) seen.set(p.topic, (s = new Set()));
      s.add(p.partition);
    }
    for (const [topic, parts] of this.topics) {
      const s = seen.get(topic);
      if (!s) this.topics.delete(topic);
      else for (const partition of parts.keys()) if (!s.has(partition)) parts.delete(partition);
    }
    const previousAt = this.lastAt;
    this.lastAt = at;
    return { at, previousAt, topics: [...grown].map(([topic, partitions]) => ({ topic, partitions })) };
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
