import type { Capability } from "../capability";
import type { Reads } from "../contract";

/**
 * Today's ingest reads every listed topic (one consumer for all, counted for
 * the rates and the live tail); until reading follows the capabilities'
 * interest (issue 14, part 3) every topic carries this reason.
 */
export const LIVE_INGEST = { capability: "ingest", why: "live ingest (all topics)" } as const;

export interface TopicRate {
  recordsPerSec: number;
  bytesPerSec: number;
}

/**
 * What Sagascope reads and why: per read topic, the capabilities whose
 * `reads.select` wants it with their `reads.why`, and the totals over those
 * topics. Pure; cost O(topics × reading capabilities), asked once a second
 * for the status (totals only, `detail` false) and when /api/status is read.
 */
export function describeReads(
  topics: readonly string[],
  caps: readonly Pick<Capability, "name" | "reads">[],
  rate: (topic: string) => TopicRate,
  detail: boolean,
): Reads {
  const reading = caps.filter((c) => c.reads);
  let recordsPerSec = 0;
  let bytesPerSec = 0;
  for (const t of topics) {
    const r = rate(t);
    recordsPerSec += r.recordsPerSec;
    bytesPerSec += r.bytesPerSec;
  }
  const totals = { topics: topics.length, recordsPerSec, bytesPerSec };
  if (!detail) return totals;
  const byTopic = topics.map((topic) => ({
    topic,
    wantedBy: [
      ...reading
        .filter((c) => c.reads!.select(topic))
        .map((c) => ({ capability: c.name, why: c.reads!.why?.(topic) || "reads its records" })),
      LIVE_INGEST,
    ],
  }));
  return { ...totals, byTopic };
}
