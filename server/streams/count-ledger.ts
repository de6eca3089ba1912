import type { SampleDeltas } from "../offsets/book";

/** Records of one topic-partition counted from offsets in one sample. */
export interface OffsetCount {
  topic: string;
  partition: number;
  records: number;
}

/** What to count of a consumed batch: an offset gap before it, and whether records below an offset were counted already. */
export interface BatchCount {
  /** Records between what offsets counted and the batch's first offset: count them as offsets. */
  gap: number;
  /** Count only the batch's records at or above this offset (offsets counted those below); null: all of them. */
  from: number | null;
}

interface Mark {
  /** Counted up to here (exclusive). */
  offset: number;
  /** Set by the offsets (the topic was not read then), or by the records read. */
  byOffsets: boolean;
}

const key = (topic: string, partition: number) => `${topic}\u0000${partition}`;

/**
 * Who counts each topic's records: the records read, for a topic that is
 * read, or its partitions' end-offset growth, for one that is not — and the
 * switch between the two without counting a record twice or losing one.
 * Pure.
 *
 * A mark per partition says up to which offset it has been counted. A read
 * partition's mark follows its batches (one map lookup per batch); when its
 * topic is no longer read, the next sample counts from the reader's last
 * offset to the end, not from the previous sample's end. When a topic starts
 * being read, its marks hold the end the offsets counted to: the first batch
 * counts the gap before it as offsets, and of a batch that starts below it
 * only the records above (a batch before the next sample takes that end
 * from the last sample). Topics not read keep no mark (the previous
 * sample's end is theirs), so memory is per read partition; a sample costs
 * O(partitions), a batch O(1) (O(records) for the one batch that straddles
 * a switch).
 *
 * With every topic read (nothing counted by offsets) batches are counted as
 * they come, replays included, exactly as before the ledger existed.
 */
export class CountLedger {
  private marks = new Map<string, Mark>();
  /** Topics counted by offsets at the last sample. */
  private byOffsets = new Set<string>();

  /** One sample: the counts to add for the topics not read now. */
  sample(deltas: SampleDeltas, isRead: (topic: string) => boolean): OffsetCount[] {
    const out: OffsetCount[] = [];
    const sampled = new Set<string>();
    for (const t of deltas.topics) {
      sampled.add(t.topic);
      const read = isRead(t.topic);
      const wasByOffsets = this.byOffsets.has(t.topic);
      for (const d of t.partitions) {
        const k = key(t.topic, d.partition);
        const mark = this.marks.get(k);
        if (d.reset) {
          // Another log now: positions in the old one mean nothing.
          this.marks.delete(k);
          continue;
        }
        if (read) {
          // Switched to reading since the last sample: offsets counted to the previous end.
          if (wasByOffsets && !mark) this.marks.set(k, { offset: d.from, byOffsets: true });
          continue;
        }
        const base = mark ? mark.offset : d.from;
        if (d.to > base) out.push({ topic: t.topic, partition: d.partition, records: d.to - base });
        // A reader ahead of the sample keeps its mark until the end passes it.
        if (mark && mark.offset > d.to) mark.byOffsets = true;
        else this.marks.delete(k);
      }
      if (read) this.byOffsets.delete(t.topic);
      else this.byOffsets.add(t.topic);
    }
    // Topics gone from the cluster (or not sampled this time) keep nothing.
    for (const t of this.byOffsets) if (!sampled.has(t)) this.byOffsets.delete(t);
    for (const k of this.marks.keys()) if (!sampled.has(k.slice(0, k.indexOf("\u0000")))) this.marks.delete(k);
    return out;
  }

  /**
   * A consumed batch of `topic`/`partition` with offsets first..last: what
   * of it to count. `sampledEnd` gives the partition's end offset at the last
   * sample; it is asked only for the first batch of a topic that the last
   * sample counted by offsets (read since then).
   */
  batch(
    topic: string,
    partition: number,
    first: number,
    last: number,
    sampledEnd: () => number | undefined,
  ): BatchCount {
    const k = key(topic, partition);
    let mark = this.marks.get(k);
    if (!mark && this.byOffsets.has(topic)) {
      // Read since the last sample, which counted this partition up to its end then.
      const end = sampledEnd();
      if (end !== undefined) this.marks.set(k, (mark = { offset: end, byOffsets: true }));
    }
    if (!mark) {
      this.marks.set(k, { offset: last + 1, byOffsets: false });
      return { gap: 0, from: null };
    }
    if (!mark.byOffsets) {
      // Replays and redeliveries are counted as read (what the records path always did).
      mark.offset = Math.max(mark.offset, last + 1);
      return { gap: 0, from: null };
    }
    const counted = mark.offset;
    // All below what offsets counted (a reader starting from further back): nothing new yet.
    if (last < counted) return { gap: 0, from: counted };
    mark.offset = last + 1;
    mark.byOffsets = false;
    return first >= counted ? { gap: first - counted, from: null } : { gap: 0, from: counted };
  }
}
