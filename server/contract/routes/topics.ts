import { z } from "zod";
import { NumberSources, overviewSchema, topicOverviewSchema } from "../overview";
import { route } from "../route";

export const RangeNames = ["5m", "1h", "24h"] as const;
export type RangeName = (typeof RangeNames)[number];

export const seriesPointSchema = z.object({
  /** Epoch second the point starts at. */
  t: z.number().int(),
  recordsPerSec: z.number(),
  bytesPerSec: z.number(),
});

export const throughputHistorySchema = z.object({
  /** The topic, or "" for the cluster. */
  scope: z.string(),
  /** -1 for all partitions. */
  partition: z.number().int(),
  range: z.enum(RangeNames),
  /** Seconds per point. */
  step: z.number().int().positive(),
  points: z.array(seriesPointSchema),
});
export type ThroughputHistoryView = z.infer<typeof throughputHistorySchema>;

export const topicRowSchema = z.object({
  name: z.string(),
  partitions: z.number().int().nullable(),
  messagesPerSecond: z.number(),
  /** Null for a topic not read when the broker does not tell its log sizes. */
  bytesPerSecond: z.number().nullable(),
  totalMessages: z.number(),
  totalBytes: z.number(),
  isDeadLetter: z.boolean(),
  topic: z.string(),
  /** totalMessages exactly (bigint as a string). */
  records: z.string(),
  bytes: z.string(),
  firstSeenAt: z.iso.datetime().nullable(),
  lastSeenAt: z.iso.datetime().nullable(),
  /** From offsets (end − start over the partitions); null until sampled. */
  retainedRecords: z.number().nullable().optional(),
  /** Records/s from the end offsets' growth; null until sampled twice. */
  offsetRatePerSec: z.number().nullable().optional(),
  /** Where messagesPerSecond and the totals come from (see the overview row's `source`). */
  source: z.enum(NumberSources).optional(),
  bytesEstimated: z.boolean().optional(),
});

/** The columns the topics page sorts by (server side). */
export const TopicSortKeys = [
  "topic",
  "partitions",
  "recordsPerSec",
  "bytesPerSec",
  "totalRecords",
  "totalBytes",
  "retainedRecords",
] as const;
export type TopicSortKey = (typeof TopicSortKeys)[number];
export const SortDirections = ["asc", "desc"] as const;
export type SortDirection = (typeof SortDirections)[number];
/** Rows in one page of the topic view: the default, and the most one request gets. */
export const TOPIC_VIEW_LIMIT = 100;
export const TOPIC_VIEW_MAX_LIMIT = 500;

export const topicViewSchema = z.object({
  /** When the numbers were taken (epoch ms; one snapshot per second, shared by every view). */
  at: z.number(),
  /** Topics known now. */
  total: z.number().int().nonnegative(),
  /** Topics that match the filter. */
  matched: z.number().int().nonnegative(),
  sort: z.enum(TopicSortKeys),
  dir: z.enum(SortDirections),
  offset: z.number().int().nonnegative(),
  limit: z.number().int().positive(),
  /** The page: at most `limit` matching topics from `offset`, in order, each with its 60 s sparkline. */
  rows: z.array(topicOverviewSchema),
});
export type TopicView = z.infer<typeof topicViewSchema>;

const partitionQuery = z
  .string()
  .optional()
  .describe("One partition (a non-negative integer); omitted: all partitions");
const rangeErrors = { INVALID_PARTITION: 400 } as const;

export const topicsRoutes = {
  list: route({
    method: "get",
    path: "/api/topics",
    role: "viewer",
    tag: "topics",
    summary:
      "Every topic: partitions, messages/s and bytes/s now, totals since first seen (persisted), retained records and records/s from offsets, dead-letter flag",
    response: z.object({ topics: z.array(topicRowSchema) }),
    errors: {},
  }),
  view: route({
    method: "get",
    path: "/api/topics/view",
    role: "viewer",
    tag: "topics",
    summary:
      "One page of topics, sorted and filtered on the server, with the count of matches: what the topics page shows (rates, totals, 60 s sparkline)",
    query: z.object({
      sort: z.enum(TopicSortKeys).optional().describe("The column to sort by (default recordsPerSec); ties by name"),
      dir: z.enum(SortDirections).optional().describe("asc or desc (default desc, asc for topic)"),
      q: z.string().max(256).optional().describe("Only topics whose name contains this, case-insensitively"),
      topic: z.string().max(512).optional().describe("Only the topic of exactly this name"),
      offset: z
        .string()
        .regex(/^\d{1,9}$/)
        .optional()
        .describe("Matching topics to skip (default 0)"),
      limit: z
        .string()
        .regex(/^\d{1,6}$/)
        .optional()
        .describe(`Rows in the page, 1 to ${TOPIC_VIEW_MAX_LIMIT} (default ${TOPIC_VIEW_LIMIT})`),
    }),
    response: topicViewSchema,
    errors: {},
  }),
  overview: route({
    method: "get",
    path: "/api/overview",
    role: "viewer",
    tag: "topics",
    summary: "Per-topic and cluster rates now, 60 s sparkline, partitions, dead-letter flag",
    response: overviewSchema,
    errors: {},
  }),
  throughput: route({
    method: "get",
    path: "/api/throughput",
    role: "viewer",
    tag: "topics",
    summary: "Records/s and bytes/s over a range, for a topic (or the cluster) and optionally one partition",
    query: z.object({
      topic: z.string().optional().describe("The topic; omitted or empty: the whole cluster"),
      range: z.string().optional().describe("5m (default, 1 s points), 1h or 24h"),
      partition: partitionQuery,
    }),
    response: throughputHistorySchema,
    errors: { ...rangeErrors, INVALID_RANGE: 400 },
  }),
  topicThroughput: route({
    method: "get",
    path: "/api/topics/{name}/throughput",
    role: "viewer",
    tag: "topics",
    summary:
      "A topic's messages/s and bytes/s at 1 s resolution (downsampled to about 1,000 points), optionally one partition",
    params: z.object({ name: z.string() }),
    query: z.object({
      window: z.string().optional().describe("5m (default), 1h or 24h"),
      range: z.string().optional().describe("The same as window"),
      partition: partitionQuery,
    }),
    response: throughputHistorySchema,
    errors: { ...rangeErrors, INVALID_WINDOW: 400, UNKNOWN_TOPIC: 404 },
  }),
} as const;
