import { z } from "zod";
import { previewSchema, wireHeaderSchema } from "./records";

export const DeadLetterStatuses = ["new", "retrying", "published", "failed", "discarded"] as const;
export type DeadLetterStatus = (typeof DeadLetterStatuses)[number];
export const ReplayStates = ["pending", "publishing", "published", "failed"] as const;
export type ReplayState = (typeof ReplayStates)[number];

/** Codes the dead-letter API answers with; the UI words them. */
export const DlqErrorCodes = [
  "NOT_FOUND",
  "RETRY_IN_PROGRESS",
  "ALREADY_PUBLISHED",
  "DISCARDED",
  "CONFLICT",
  "INVALID_BODY",
  "INVALID_JSON_VALUE",
  "REASON_REQUIRED",
  "UNAUTHENTICATED",
  "FORBIDDEN",
  "CROSS_ORIGIN",
  "PUBLISH_FAILED",
  "REDRIVE_RUNNING",
  "REDRIVE_NOT_RUNNING",
] as const;
export type DlqErrorCode = (typeof DlqErrorCodes)[number];

export interface DeadLetterOriginView {
  topic?: string;
  partition?: number;
  offset?: string;
  timestamp?: number;
  timestampType?: string;
  consumerGroup?: string;
  connector?: string;
  task?: string;
  stage?: string;
  className?: string;
}

export interface DeadLetterErrorView {
  className?: string;
  causeClassName?: string;
  message?: string;
  stackTrace?: string;
}

/** One row of the dead-letter list. */
export interface DeadLetterSummary {
  id: string;
  topic: string;
  partition: number;
  offset: string;
  timestamp: number;
  status: DeadLetterStatus;
  attempts: number;
  conventions: string[];
  origin: DeadLetterOriginView;
  error: Pick<DeadLetterErrorView, "className" | "causeClassName" | "message">;
  key: z.infer<typeof previewSchema>;
  size: number;
  /** The earlier dead letter whose replay failed again and came back as this one. */
  previousId: string | null;
  createdAt: string;
}

export interface ReplayView {
  id: string;
  attempt: number;
  state: ReplayState;
  targetTopic: string;
  operator: string;
  reason: string;
  edited: boolean;
  redriveId: string | null;
  error: string | null;
  resultPartition: number | null;
  resultOffset: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface DeadLetterDetail extends DeadLetterSummary {
  error: DeadLetterErrorView;
  keyError: DeadLetterErrorView | null;
  value: z.infer<typeof previewSchema>;
  headers: Array<z.infer<typeof wireHeaderSchema>>;
  resolvedReason: string | null;
  replays: ReplayView[];
  /** Saga instances this record belongs to (read as if it were on its original topic), when known. */
  sagas: Array<{ saga: string; id: string; state: string }>;
  /** Masking rules apply: key, value and headers are shown masked and edit-and-retry is refused. */
  masked: boolean;
}

export interface DeadLetterGroup {
  value: string;
  count: number;
}

export interface DeadLetterList {
  messages: DeadLetterSummary[];
  total: number;
  groups: { originTopic: DeadLetterGroup[]; exceptionClass: DeadLetterGroup[]; message: DeadLetterGroup[]; status: DeadLetterGroup[]; topic: DeadLetterGroup[] };
}

export const retryBodySchema = z.object({
  reason: z.string().trim().min(1, "REASON_REQUIRED").max(2000),
  /** Defaults to the decoded original topic. */
  targetTopic: z.string().min(1).max(249).optional(),
  /** Replaces the value (edit and retry). */
  value: z.string().max(16 * 1024 * 1024).optional(),
  /** `json` (validated) or `text`; only with `value`. */
  valueFormat: z.enum(["json", "text"]).optional(),
  /** Replaces the headers that are kept; default: the record's own minus dead-letter headers. */
  headers: z.array(z.object({ name: z.string().min(1).max(256), value: z.string().max(65536) })).max(200).optional(),
  /** Publish again although an earlier attempt was published (or the record discarded). */
  force: z.boolean().optional(),
});
export type RetryBody = z.infer<typeof retryBodySchema>;

export const discardBodySchema = z.object({ reason: z.string().trim().min(1, "REASON_REQUIRED").max(2000) });
export type DiscardBody = z.infer<typeof discardBodySchema>;

export interface AuditView {
  id: number;
  at: string;
  actor: string;
  action: string;
  deadLetterId: string | null;
  target: string | null;
  reason: string | null;
  result: string;
  detail: unknown;
}

/** Headers written by a dead-letter convention (Spring, Cloud Stream, Connect, Streams, share groups): stripped on retry by default. */
export const deadLetterHeaderPattern = /^(kafka_dlt-|kafka_original-|kafka_exception-|retry_topic-|x-original-|x-exception-|__connect\.errors\.|__streams\.errors\.|__dlq\.errors\.)/;

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

export interface RedriveView {
  id: string;
  dltTopic: string;
  filter: unknown;
  ratePerSec: number;
  targetTopic: string | null;
  state: "running" | "completed" | "cancelled" | "interrupted";
  total: number;
  operator: string;
  reason: string;
  createdAt: string;
  finishedAt: string | null;
  /** Attempts per state: pending, publishing, published, failed. */
  counts: Partial<Record<ReplayState, number>>;
  results?: Array<{ id: string; deadLetterId: string; state: ReplayState; targetTopic: string; error: string | null; resultPartition: number | null; resultOffset: string | null }>;
}
