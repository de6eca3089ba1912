import { z } from "zod";
import { wireRecordSchema } from "../records";
import { route } from "../route";

/** Records read from Kafka on demand, older than the live stream (server/kafka/records-api.ts). */

/** A partition read for a page of `/api/topics/{name}/messages`; offsets are int64 as decimal strings. */
export const pageSpanSchema = z.object({
  partition: z.number().int().nonnegative(),
  /** The partition's low and high watermarks when read. */
  low: z.string(),
  high: z.string(),
  /** Where the read started. */
  from: z.string(),
  /** `from` of the following page (this partition's part of the next `from=` cursor). */
  next: z.string(),
  /** `before` of the preceding page (this partition's part of the next `before=` cursor). */
  prev: z.string(),
});

/** A page of a whole topic (or one partition), merged across partitions by timestamp, oldest first. */
export const topicPageSchema = z.object({
  records: z.array(wireRecordSchema),
  partitions: z.array(pageSpanSchema),
});
export type TopicPageView = z.infer<typeof topicPageSchema>;

/** Records of one partition from an offset or a time. */
export const recordRangeSchema = z.object({
  records: z.array(wireRecordSchema),
  /** The partition's low and high watermarks when read. */
  low: z.string(),
  high: z.string(),
  /** Where the read started (after resolving a timestamp). */
  from: z.string(),
  /** Where the following page starts: the last record's offset + 1, or `from` when the page is empty. */
  next: z.string(),
});
export type RecordRangeView = z.infer<typeof recordRangeSchema>;

/** What every on-demand read can meet: a topic or partition the broker does not have, or too many reads at once. */
const readErrors = { UNKNOWN_TOPIC: 404, UNKNOWN_PARTITION: 404, BUSY: 429 } as const;

const limitQuery = z.string().optional().describe("Records per page, at most 500 (default 50)");
const recordParams = z.object({
  topic: z.string(),
  partition: z.string().describe("A non-negative integer; anything else is NOT_FOUND"),
  offset: z.string().describe("A non-negative integer; anything else is NOT_FOUND"),
});

export const recordsRoutes = {
  range: route({
    method: "get",
    path: "/api/records",
    role: "viewer",
    tag: "records",
    summary: "Records of one partition from an offset or a time, read on demand",
    query: z.object({
      topic: z.string().optional().describe("The topic (required: INVALID_TOPIC without it)"),
      partition: z.string().optional().describe("A non-negative integer (default 0)"),
      offset: z
        .string()
        .optional()
        .describe(
          "Start here, inclusive (digits); omitted: the partition's oldest record, or the first at/after `timestamp`",
        ),
      timestamp: z.string().optional().describe("Epoch milliseconds or an ISO date; the first record at or after it"),
      limit: limitQuery,
    }),
    response: recordRangeSchema,
    errors: { INVALID_TOPIC: 400, INVALID_PARTITION: 400, INVALID_OFFSET: 400, INVALID_TIMESTAMP: 400, ...readErrors },
  }),
  topicPage: route({
    method: "get",
    path: "/api/topics/{name}/messages",
    role: "viewer",
    tag: "records",
    summary:
      "A page of decoded records from an offset or a time, all partitions merged by timestamp (or one partition)",
    params: z.object({ name: z.string() }),
    query: z.object({
      from: z
        .string()
        .optional()
        .describe(
          "An offset (digits; every partition, or the one given), per-partition offsets (0:120,1:98: the following page, from `next`), an ISO date, or @epoch-milliseconds; omitted: each partition's oldest record",
        ),
      before: z
        .string()
        .optional()
        .describe(
          "Per-partition offsets (0:120,1:98, from `prev`): the records just before them (the preceding page); partitions not listed are not read",
        ),
      partition: z.string().optional().describe("Only this partition (a non-negative integer)"),
      limit: limitQuery,
    }),
    response: topicPageSchema,
    errors: { INVALID_FROM: 400, INVALID_BEFORE: 400, INVALID_PARTITION: 400, ...readErrors },
  }),
  one: route({
    method: "get",
    path: "/api/records/{topic}/{partition}/{offset}",
    role: "viewer",
    tag: "records",
    summary:
      "One record as the browser sees it; keys and values framed for a Schema Registry are decoded (keySchema/valueSchema say how, or why not)",
    params: recordParams,
    response: wireRecordSchema,
    errors: { NOT_FOUND: 404, ...readErrors },
  }),
  value: route({
    method: "get",
    path: "/api/records/{topic}/{partition}/{offset}/value",
    role: "viewer",
    tag: "records",
    summary: "One record's whole value, however large (masked as MASKING_RULES say)",
    params: recordParams,
    response: { raw: "application/octet-stream", description: "The value's bytes (empty for a tombstone)" },
    errors: { NOT_FOUND: 404, ...readErrors },
  }),
} as const;
