import { z } from "zod";

/** Seconds of history in each sparkline (records/s, oldest first). */
export const SPARK_SECONDS = 60;

export const topicOverviewSchema = z.object({
  topic: z.string(),
  partitions: z.number().int().nonnegative(),
  deadLetter: z.boolean(),
  /** Averages over the last 5 complete seconds. */
  recordsPerSec: z.number().nonnegative(),
  bytesPerSec: z.number().nonnegative(),
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
