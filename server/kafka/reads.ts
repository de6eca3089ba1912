import type { Reads } from "../contract";
import type { ReadTopic } from "./readers";

export interface TopicRate {
  recordsPerSec: number;
  bytesPerSec: number;
}

/**
 * What Sagascope reads and why: the readers' read topics (server/kafka/readers.ts,
 * each with the interests that want it and its reader's state), and the
 * totals over them. Pure; O(read topics), asked once a second for the
 * status (totals only, `detail` false) and when /api/status is read.
 */
export function describeReads(
  reading: readonly ReadTopic[],
  scope: { inScope: number; tailAll: boolean },
  rate: (topic: string) => TopicRate,
  detail: boolean,
): Reads {
  let recordsPerSec = 0;
  let bytesPerSec = 0;
  for (const t of reading) {
    const r = rate(t.topic);
    recordsPerSec += r.recordsPerSec;
    bytesPerSec += r.bytesPerSec;
  }
  const totals = { topics: reading.length, recordsPerSec, bytesPerSec, inScope: scope.inScope, tailAll: scope.tailAll };
  if (!detail) return totals;
  return { ...totals, byTopic: reading.map((t) => ({ ...t })) };
}
