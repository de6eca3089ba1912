import { z } from "zod";
import { route } from "../route";

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
} as const;
