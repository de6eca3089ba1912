import { z } from "zod";
import { previewSchema, wireHeaderSchema } from "./records";

export const DeadLetterStatuses = ["new", "retrying", "published", "failed", "discarded"] as const;
export type DeadLetterStatus = (typeof DeadLetterStatuses)[number];
export const ReplayStates = ["pending", "publishing", "published", "failed"] as const;
export type ReplayState = (typeof ReplayStates)[number];

/**
 * What an operator action on dead letters can be refused or fail with, and
 * its HTTP status: the one place a dead-letter core's code meets a status
 * (the route declarations in routes/dlq.ts take their `errors` from it).
 */
export const DlqActionErrors = {
  NOT_FOUND: 404,
  RETRY_IN_PROGRESS: 409,
  ALREADY_PUBLISHED: 409,
  DISCARDED: 409,
  CONFLICT: 409,
  /** Masking rules cover the record: an edit made from the masked view would republish the mask. */
  MASKED: 409,
  NO_TARGET_TOPIC: 400,
  INVALID_JSON_VALUE: 400,
  SHUTTING_DOWN: 503,
  /** The attempt is recorded as failed and can be retried; the answer carries it beside the error. */
  PUBLISH_FAILED: 502,
  REDRIVE_RUNNING: 409,
  REDRIVE_NOT_RUNNING: 409,
} as const;
export type DlqActionErrorCode = keyof typeof DlqActionErrors;

/** Conventions whose dead-letter headers Sagascope decodes (server/dlq/headers.ts). */
export const DeadLetterConventions = [
  "spring",
  "spring-retry",
  "spring-cloud-stream",
  "connect",
  "streams",
  "share-group",
] as const;

export const deadLetterOriginSchema = z.object({
  topic: z.string().optional(),
  partition: z.number().int().optional(),
  offset: z.string().optional(),
  timestamp: z.number().optional(),
  timestampType: z.string().optional(),
  consumerGroup: z.string().optional(),
  connector: z.string().optional(),
  task: z.string().optional(),
  stage: z.string().optional(),
  className: z.string().optional(),
});
export type DeadLetterOriginView = z.infer<typeof deadLetterOriginSchema>;

export const deadLetterErrorSchema = z.object({
  className: z.string().optional(),
  causeClassName: z.string().optional(),
  message: z.string().optional(),
  stackTrace: z.string().optional(),
});
export type DeadLetterErrorView = z.infer<typeof deadLetterErrorSchema>;

/** One row of the dead-letter list. */
export const deadLetterSummarySchema = z.object({
  /** `topic/partition/offset` (with `@timestamp` when a recreated topic reused the offset). */
  id: z.string(),
  topic: z.string(),
  partition: z.number().int(),
  offset: z.string(),
  timestamp: z.number(),
  status: z.enum(DeadLetterStatuses),
  attempts: z.number().int(),
  conventions: z.array(z.enum(DeadLetterConventions)),
  origin: deadLetterOriginSchema,
  error: deadLetterErrorSchema.pick({ className: true, causeClassName: true, message: true }),
  key: previewSchema,
  size: z.number().int(),
  /** The earlier dead letter whose replay failed again and came back as this one. */
  previousId: z.string().nullable(),
  createdAt: z.iso.datetime(),
});
export type DeadLetterSummary = z.infer<typeof deadLetterSummarySchema>;

export const replayViewSchema = z.object({
  id: z.string(),
  attempt: z.number().int(),
  state: z.enum(ReplayStates),
  targetTopic: z.string(),
  operator: z.string(),
  reason: z.string(),
  edited: z.boolean(),
  redriveId: z.string().nullable(),
  error: z.string().nullable(),
  resultPartition: z.number().int().nullable(),
  resultOffset: z.string().nullable(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type ReplayView = z.infer<typeof replayViewSchema>;

export const deadLetterDetailSchema = deadLetterSummarySchema.extend({
  error: deadLetterErrorSchema,
  keyError: deadLetterErrorSchema.nullable(),
  value: previewSchema,
  headers: z.array(wireHeaderSchema),
  resolvedReason: z.string().nullable(),
  replays: z.array(replayViewSchema),
  /** Saga instances this record belongs to (read as if it were on its original topic), when known. */
  sagas: z.array(z.object({ saga: z.string(), id: z.string(), state: z.string() })),
  /** Masking rules apply: key, value and headers are shown masked and edit-and-retry is refused. */
  masked: z.boolean(),
});
export type DeadLetterDetail = z.infer<typeof deadLetterDetailSchema>;

export const deadLetterGroupSchema = z.object({ value: z.string(), count: z.number().int() });
export type DeadLetterGroup = z.infer<typeof deadLetterGroupSchema>;

export const deadLetterListSchema = z.object({
  messages: z.array(deadLetterSummarySchema),
  /** Matching dead letters, beyond the page. */
  total: z.number().int(),
  /** Counts of the matching dead letters by each field, largest first. */
  groups: z.object({
    originTopic: z.array(deadLetterGroupSchema),
    exceptionClass: z.array(deadLetterGroupSchema),
    message: z.array(deadLetterGroupSchema),
    status: z.array(deadLetterGroupSchema),
    topic: z.array(deadLetterGroupSchema),
  }),
});
export type DeadLetterList = z.infer<typeof deadLetterListSchema>;

/** A retry that reached the broker: where the record landed. */
export const republishedSchema = z.object({
  replayId: z.string(),
  state: z.literal("published"),
  partition: z.number().int(),
  offset: z.string(),
});
export type Republished = z.infer<typeof republishedSchema>;

export const retryBodySchema = z.object({
  reason: z.string().trim().min(1, "REASON_REQUIRED").max(2000),
  /** Defaults to the decoded original topic. */
  targetTopic: z.string().min(1).max(249).optional(),
  /** Replaces the value (edit and retry). */
  value: z
    .string()
    .max(16 * 1024 * 1024)
    .optional(),
  /** `json` (validated) or `text`; only with `value`. */
  valueFormat: z.enum(["json", "text"]).optional(),
  /** Replaces the headers that are kept; default: the record's own minus dead-letter headers. */
  headers: z
    .array(z.object({ name: z.string().min(1).max(256), value: z.string().max(65536) }))
    .max(200)
    .optional(),
  /** Publish again although an earlier attempt was published (or the record discarded). */
  force: z.boolean().optional(),
});
export type RetryBody = z.infer<typeof retryBodySchema>;

export const discardBodySchema = z.object({ reason: z.string().trim().min(1, "REASON_REQUIRED").max(2000) });
export type DiscardBody = z.infer<typeof discardBodySchema>;

/** Headers written by a dead-letter convention (Spring, Cloud Stream, Connect, Streams, share groups): stripped on retry by default. */
export const deadLetterHeaderPattern =
  /^(kafka_dlt-|kafka_original-|kafka_exception-|retry_topic-|x-original-|x-exception-|__connect\.errors\.|__streams\.errors\.|__dlq\.errors\.)/;

/** Headers Sagascope adds to every record it republishes. */
export const ReplayHeaders = {
  id: "sagascope-replay-id",
  source: "sagascope-replay-source",
  attempt: "sagascope-replay-attempt",
  operator: "sagascope-replay-operator",
} as const;

/** Who may act: `open` when no operator token is configured on a loopback address. */
export const redriveBodySchema = z.object({
  dltTopic: z.string().min(1).max(249),
  /** Which of the topic's open dead letters (new or failed) to redrive; omitted: all of them. */
  filter: z
    .object({
      originTopic: z.string().optional(),
      exceptionClass: z.string().optional(),
      message: z.string().optional(),
      status: z.enum(["new", "failed"]).optional(),
      q: z.string().optional(),
    })
    .default({}),
  ratePerSec: z.number().int().min(1).max(5000).default(50),
  targetTopic: z.string().min(1).max(249).optional(),
  reason: z.string().trim().min(1, "REASON_REQUIRED").max(2000),
});
export type RedriveBody = z.infer<typeof redriveBodySchema>;

export const RedriveStates = ["running", "completed", "cancelled", "interrupted"] as const;

/** One record's attempt in a redrive. */
export const redriveResultSchema = z.object({
  id: z.string(),
  deadLetterId: z.string(),
  state: z.enum(ReplayStates),
  targetTopic: z.string(),
  error: z.string().nullable(),
  resultPartition: z.number().int().nullable(),
  resultOffset: z.string().nullable(),
});

export const redriveViewSchema = z.object({
  id: z.string(),
  dltTopic: z.string(),
  /** The filter it took its records by: the body's filter and the dead-letter topic. */
  filter: z.looseObject({
    topic: z.string().optional(),
    originTopic: z.string().optional(),
    exceptionClass: z.string().optional(),
    message: z.string().optional(),
    status: z.enum(["new", "failed"]).optional(),
    q: z.string().optional(),
  }),
  ratePerSec: z.number().int(),
  targetTopic: z.string().nullable(),
  state: z.enum(RedriveStates),
  total: z.number().int(),
  operator: z.string(),
  reason: z.string(),
  createdAt: z.iso.datetime(),
  finishedAt: z.iso.datetime().nullable(),
  /** Attempts per state: pending, publishing, published, failed. */
  counts: z.partialRecord(z.enum(ReplayStates), z.number().int()),
  /** Every record's attempt (not in the list of recent redrives, nor with `?results=0`). */
  results: z.array(redriveResultSchema).optional(),
});
export type RedriveView = z.infer<typeof redriveViewSchema>;
