import type { Store } from "../store";
import { CLUSTER_SCOPE } from "./buckets";
import { Ranges, toSeries, type RangeName, type SeriesPoint } from "./history";
import type { Throughput } from "./throughput";

export interface ThroughputHistory {
  scope: string;
  partition: number;
  range: RangeName;
  /** Seconds per point. */
  step: number;
  points: SeriesPoint[];
}

/**
 * Chart data for one topic (or the cluster, scope ""), optionally one
 * partition: the 5 min view from memory at 1 s, longer views from the
 * persisted 10 s buckets, folded on the server so a chart gets < 1,000 points.
 */
export async function throughputHistory(
  deps: { store: Pick<Store, "throughputBuckets">; throughput: Throughput },
  scope: string,
  partition: number,
  range: RangeName,
  nowMs: number,
): Promise<ThroughputHistory> {
  const { seconds, step } = Ranges[range];
  if (range === "5m") {
    const rows = deps.throughput.recent(scope, partition, nowMs, seconds);
    const from = rows[0]?.t ?? Math.floor(nowMs / 1000) - seconds;
    return { scope, partition, range, step, points: toSeries(rows, from, from + seconds, step) };
  }
  // Aligned to the step so consecutive polls give the same points; the last
  // point is the step in progress (partial) so new traffic shows at once.
  const to = Math.ceil(nowMs / 1000 / step) * step;
  const from = to - seconds;
  const rows = await deps.store.throughputBuckets(scope === "" ? CLUSTER_SCOPE : scope, partition, from, to);
  return { scope, partition, range, step, points: toSeries(rows, from, to, step) };
}
