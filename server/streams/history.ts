import { BUCKET_SEC } from "./buckets";

/** Chart ranges: the last 5 minutes at 1 s from memory; 1 h and 24 h from persisted 10 s buckets. */
export const Ranges = {
  "5m": { seconds: 300, step: 1 },
  "1h": { seconds: 3600, step: BUCKET_SEC },
  // 8,640 buckets folded into 960 points: charts stay under ~1,000 points.
  "24h": { seconds: 86_400, step: 90 },
} as const;
export type RangeName = keyof typeof Ranges;
export const isRangeName = (v: unknown): v is RangeName => typeof v === "string" && v in Ranges;

export interface SeriesPoint {
  /** Epoch second the point starts at. */
  t: number;
  recordsPerSec: number;
  bytesPerSec: number;
}

/**
 * Folds buckets into evenly spaced points from `fromSec` (inclusive) to
 * `toSec` (exclusive), as per-second rates; empty steps are zeros, so a quiet
 * topic draws a flat line rather than a gap.
 */
export function toSeries(
  rows: ReadonlyArray<{ t: number; records: number; bytes: number }>,
  fromSec: number,
  toSec: number,
  step: number,
): SeriesPoint[] {
  const n = Math.max(0, Math.ceil((toSec - fromSec) / step));
  const records = new Float64Array(n);
  const bytes = new Float64Array(n);
  for (const r of rows) {
    const i = Math.floor((r.t - fromSec) / step);
    if (i < 0 || i >= n) continue;
    records[i]! += r.records;
    bytes[i]! += r.bytes;
  }
  return Array.from({ length: n }, (_, i) => ({
    t: fromSec + i * step,
    recordsPerSec: records[i]! / step,
    bytesPerSec: bytes[i]! / step,
  }));
}
