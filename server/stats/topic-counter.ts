import type { WireRecord } from "../contract";

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

  add(records: readonly WireRecord[]): void {
    for (const r of records) {
      const d = this.pending.get(r.topic) ?? { topic: r.topic, records: 0, bytes: 0, lastSeenAt: new Date(0) };
      d.records += 1;
      d.bytes += r.size;
      if (r.timestamp > d.lastSeenAt.getTime()) d.lastSeenAt = new Date(r.timestamp);
      this.pending.set(r.topic, d);
    }
    this.total += records.length;
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
