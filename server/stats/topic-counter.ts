import type { WireRecord } from "../contract";
import type { IngestedBatch } from "../kafka/ingested";

export interface TopicDelta {
  topic: string;
  records: number;
  bytes: number;
  lastSeenAt: Date;
}

/**
 * Counts records and bytes per topic between flushes to the database, so
 * the store sees one upsert per topic every few seconds, not one per record.
 */
export class TopicCounter {
  private pending = new Map<string, TopicDelta>();
  total = 0;

  add(records: ReadonlyArray<Pick<WireRecord, "topic" | "size" | "timestamp">>): void {
    for (const r of records) this.bump(r.topic, 1, r.size, r.timestamp);
    this.total += records.length;
  }

  /** A consumed batch, counted once (ingest's path: O(1) per batch). */
  addBatch(b: IngestedBatch): void {
    this.bump(b.topic, b.records.length, b.bytes, b.lastTimestamp);
    this.total += b.records.length;
  }

  /** Records counted without reading them (from offsets): in the topic's totals, not in `total` (records consumed). */
  addCount(topic: string, records: number, bytes: number, at: number): void {
    this.bump(topic, records, bytes, at);
  }

  private bump(topic: string, records: number, bytes: number, timestamp: number): void {
    let d = this.pending.get(topic);
    if (!d) this.pending.set(topic, (d = { topic, records: 0, bytes: 0, lastSeenAt: new Date(0) }));
    d.records += records;
    d.bytes += bytes;
    if (timestamp > d.lastSeenAt.getTime()) d.lastSeenAt = new Date(timestamp);
  }

  /** Hands over what was counted since the last call. */
  take(): TopicDelta[] {
    const out = [...this.pending.values()];
    this.pending = new Map();
    return out;
  }

  /** A failed flush is put back so no count is lost. */
  restore(deltas: readonly TopicDelta[]): void {
    for (const d of deltas) {
      const cur = this.pending.get(d.topic);
      if (!cur) this.pending.set(d.topic, { ...d });
      else {
        cur.records += d.records;
        cur.bytes += d.bytes;
        if (d.lastSeenAt > cur.lastSeenAt) cur.lastSeenAt = d.lastSeenAt;
      }
    }
  }
}
