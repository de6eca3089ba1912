import { z } from "zod";
import { route } from "../route";

/** How a value reads: the formats a profile tells apart (server/profiles/profile.ts). */
export const ValueFormats = ["json", "text", "binary", "schema-registry", "tombstone", "empty"] as const;
export type ValueFormat = (typeof ValueFormats)[number];

const share = z.number().min(0).max(1).describe("Share of the sampled records, 0 to 1");

/** What is on a topic, learnt from a bounded sample of each partition's last records. */
export const topicProfileSchema = z.object({
  topic: z.string(),
  /** When the sample was read (epoch ms). */
  sampledAt: z.number(),
  /** Records in the sample, and the partitions they came from (of the topic's partitions). */
  records: z.number().int().nonnegative(),
  partitions: z.number().int().nonnegative(),
  partitionsSampled: z.number().int().nonnegative(),
  /** Bytes of the records read (keys, values, headers). */
  bytes: z.number().int().nonnegative(),
  /** A partition's byte bound ended its sample before its record bound. */
  limited: z.boolean(),
  /** Records with a non-null key. */
  keyShare: share,
  /** The format most values have (null without records). */
  format: z.enum(ValueFormats).nullable(),
  formats: z.array(z.object({ format: z.enum(ValueFormats), share })),
  /** Schema Registry schema ids of framed values, most used first. */
  schemaIds: z.array(z.object({ id: z.number().int(), share })),
  /** Header names, most frequent first (a record counts once per name); `headersLimited` when more were seen than listed. */
  headers: z.array(z.object({ name: z.string(), share })),
  headersLimited: z.boolean(),
  /** Event types from a type header or a type field of JSON values, most frequent first. */
  eventTypes: z.array(z.object({ type: z.string(), share })),
  /** More distinct types were seen than listed. */
  eventTypesLimited: z.boolean(),
  /** Distinct event types in the sample (counted up to 200). */
  eventTypesSeen: z.number().int().nonnegative(),
  /** The record path most types were read from (`headers.ce_type`, `value.type`). */
  eventTypeSource: z.string().nullable(),
  /** Value bytes of the non-null values (null without one). */
  valueBytes: z
    .object({ min: z.number().int(), median: z.number().int(), p95: z.number().int(), max: z.number().int() })
    .nullable(),
  /** Trace and correlation headers (traceparent, b3, saga and correlation ids) and the share of records carrying one. */
  trace: z.object({ headers: z.array(z.object({ name: z.string(), share })), share }),
});
export type TopicProfile = z.infer<typeof topicProfileSchema>;

/** A profile in one line, for the topics list. */
export const profileSummarySchema = z.object({
  topic: z.string(),
  format: z.enum(ValueFormats).nullable(),
  /** Distinct event types in the sample. */
  eventTypes: z.number().int().nonnegative(),
  records: z.number().int().nonnegative(),
  traced: z.boolean(),
  sampledAt: z.number(),
});
export type ProfileSummary = z.infer<typeof profileSummarySchema>;

export const profilesRoutes = {
  profile: route({
    method: "get",
    path: "/api/topics/{name}/profile",
    role: "viewer",
    tag: "topics",
    summary:
      "What is on a topic, from the last few records of each partition read every few minutes: key share, headers, value format, sizes, event types, trace headers",
    params: z.object({ name: z.string() }),
    response: topicProfileSchema,
    errors: { NOT_PROFILED_YET: 404, UNKNOWN_TOPIC: 404 },
  }),
  summaries: route({
    method: "get",
    path: "/api/topics/profiles",
    role: "viewer",
    tag: "topics",
    summary: "The profiles of the named topics in one line each (format, event type count): what the topics list shows",
    query: z.object({
      topics: z.string().max(200_000).describe("Topic names separated by commas (at most 500)"),
    }),
    response: z.object({ profiles: z.array(profileSummarySchema) }),
    errors: { INVALID_QUERY: 400 },
  }),
} as const;
