import { z } from "zod";
import { route, SMALL_BODY_LIMIT } from "../route";

/** A record as the trace view shows it: small, whatever the record's size (server/streams/trace-index.ts). */
export const traceHopSchema = z.object({
  /** topic/partition/offset. */
  id: z.string(),
  topic: z.string(),
  partition: z.number().int(),
  offset: z.string(),
  timestamp: z.number(),
  /** As text, clipped to 200 characters; null for a null key. */
  key: z.string().nullable(),
  /** Headers shown as text (binary ones left out), values clipped to 200 characters. */
  headers: z.array(z.object({ name: z.string(), value: z.string() })),
  /** The value's preview, clipped to 500 characters. */
  value: z.string(),
  size: z.number().int(),
  /** Which header (or "key", or "traceparent") matched the searched id. */
  matchedBy: z.string().optional(),
});
export type TraceHop = z.infer<typeof traceHopSchema>;

export const traceViewSchema = z.object({
  id: z.string(),
  /** Oldest first. */
  hops: z.array(traceHopSchema),
  /** Topics in the order the trace first reached them. */
  topics: z.array(z.string()),
  /** From each hop to the next, across topics. */
  gaps: z.array(z.object({ from: z.string(), to: z.string(), ms: z.number() })),
  /** From the first hop to the last (0 without hops). */
  spanMs: z.number(),
});
export type TraceView = z.infer<typeof traceViewSchema>;

export const ScanStates = ["running", "done", "cancelled", "failed"] as const;

/** An on-demand scan of chosen topics for an id (server/streams/trace-scan.ts). */
export const traceScanSchema = z.object({
  id: z.string(),
  /** The id looked for. */
  traceId: z.string(),
  /** running until every topic is read; cancelled by DELETE; failed with `error`. */
  state: z.enum(ScanStates),
  minutes: z.number().int(),
  /** Records at or after this time (epoch ms) were scanned. */
  since: z.number(),
  startedAt: z.number(),
  endedAt: z.number().nullable(),
  /** Per topic: offsets read so far and to read (from `since` to each partition's end offset at the start). */
  topics: z.array(z.object({ topic: z.string(), scanned: z.number().int(), total: z.number().int() })),
  scanned: z.number().int(),
  total: z.number().int(),
  /** More records than `maxRecords` were in range: only the newest of each partition are read. */
  limited: z.boolean(),
  /** The records found so far, as the trace view shows them. */
  trace: traceViewSchema,
  /** More than 500 records matched: the first 500 found are kept. */
  hitsLimited: z.boolean(),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
});
export type TraceScan = z.infer<typeof traceScanSchema>;

export const tracesRoutes = {
  trace: route({
    method: "get",
    path: "/api/traces/{id}",
    role: "viewer",
    tag: "traces",
    summary:
      "Every recent record carrying an id (W3C trace id from traceparent, CloudEvents id, saga or correlation id, any header value or key), across topics, oldest first, with the gaps between hops",
    params: z.object({ id: z.string().describe("At most 200 characters") }),
    response: traceViewSchema,
    errors: { INVALID_ID: 400 },
  }),
  // A scan only reads, so a viewer may start and cancel one; the reader's limiter bounds what they cost.
  startScan: route({
    method: "post",
    path: "/api/traces/{id}/scans",
    role: "viewer",
    tag: "traces",
    summary:
      "Scans the last minutes of chosen topics for an id (the same rules as the trace index), with a throwaway consumer; answers the started scan",
    params: z.object({ id: z.string().describe("At most 200 characters") }),
    body: z.object({
      topics: z.array(z.string().min(1).max(249)).min(1).max(20),
      minutes: z.number().int().min(1).max(60).default(15),
      maxRecords: z.number().int().min(1).max(1_000_000).default(200_000),
    }),
    bodyLimit: SMALL_BODY_LIMIT,
    status: 202,
    response: traceScanSchema,
    errors: { INVALID_ID: 400, UNKNOWN_TOPIC: 404, BUSY: 429 },
  }),
  scan: route({
    method: "get",
    path: "/api/traces/scans/{scanId}",
    role: "viewer",
    tag: "traces",
    summary: "A scan's progress per topic and the records found so far (finished scans are kept 10 minutes)",
    params: z.object({ scanId: z.string() }),
    response: traceScanSchema,
    errors: { NOT_FOUND: 404 },
  }),
  cancelScan: route({
    method: "delete",
    path: "/api/traces/scans/{scanId}",
    role: "viewer",
    tag: "traces",
    summary: "Cancels a running scan (what it found stays); a finished scan answers as it is",
    params: z.object({ scanId: z.string() }),
    response: traceScanSchema,
    errors: { NOT_FOUND: 404 },
  }),
} as const;
