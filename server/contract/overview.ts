import { z } from "zod";

/** Seconds of history in each sparkline (records/s, oldest first). */
export const SPARK_SECONDS = 60;

/** Where a topic's records/s and totals come from: the records read, or the growth of its end offsets (not read). */
export const NumberSources = ["records", "offsets"] as const;
export type NumberSource = (typeof NumberSources)[number];

export const topicOverviewSchema = z.object({
  topic: z.string(),
  partitions: z.number().int().nonnegative(),
  deadLetter: z.boolean(),
  /**
   * Averages over the last 5 complete seconds of the records read; for a
   * topic not read (`source` "offsets") the end offsets' growth over the
   * last samples (as `offsetRatePerSec`).
   */
  recordsPerSec: z.number().nonnegative(),
  /**
   * Exact for a topic read; for one not read an estimate from its leaders'
   * log-size growth (`bytesEstimated`), null when the broker does not tell
   * (DescribeLogDirs refused) or before two log-size samples.
   */
  bytesPerSec: z.number().nonnegative().nullable(),
  /**
   * "records": records/s, totals and history counted from the records read;
   * "offsets": from end-offset growth (the topic is not read; counts include
   * transaction markers and compaction gaps). For the cluster, "offsets"
   * when any topic's numbers are. Absent from servers before it existed.
   */
  source: z.enum(NumberSources).optional(),
  /** bytesPerSec (and, for the cluster, part of it) is an estimate from log sizes. */
  bytesEstimated: z.boolean().optional(),
  spark: z.array(z.number().nonnegative()),
  /** Seen by Sagascope since it first saw the topic; survives restarts. */
  totalRecords: z.number().nonnegative(),
  totalBytes: z.number().nonnegative(),
  /**
   * From the partitions' offsets (server/offsets/), without reading records:
   * end − start summed over partitions, and the end offsets' growth per
   * second. Null until the topic has been sampled (twice, for the rate).
   * Offset counts include transaction markers and compacted-away records.
   */
  retainedRecords: z.number().nonnegative().nullable().optional(),
  offsetRatePerSec: z.number().nonnegative().nullable().optional(),
});
export type TopicOverview = z.infer<typeof topicOverviewSchema>;

export const overviewSchema = z.object({
  at: z.number(),
  topics: z.array(topicOverviewSchema),
  cluster: topicOverviewSchema
    .omit({ topic: true, deadLetter: true })
    .extend({ topicCount: z.number().int().nonnegative() }),
});
export type Overview = z.infer<typeof overviewSchema>;

/**
 * The overview socket topic's payload: the cluster's numbers only, bounded
 * whatever the number of topics. A tab's rows come from GET /api/topics/view
 * (server/contract/routes/topics.ts), for the page it shows.
 */
export const overviewSummarySchema = overviewSchema.pick({ at: true, cluster: true });
export type OverviewSummary = z.infer<typeof overviewSummarySchema>;
