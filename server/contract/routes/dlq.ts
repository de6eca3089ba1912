import { z } from "zod";
import {
  deadLetterDetailSchema,
  deadLetterListSchema,
  discardBodySchema,
  DlqActionErrors,
  type DlqActionErrorCode,
  redriveBodySchema,
  redriveViewSchema,
  RedriveStates,
  republishedSchema,
  retryBodySchema,
} from "../dlq";
import { route } from "../route";

/** The statuses of some of the dead-letter codes, from the one table (DlqActionErrors). */
function codes<const K extends DlqActionErrorCode>(...ks: K[]): { [P in K]: (typeof DlqActionErrors)[P] } {
  return Object.fromEntries(ks.map((k) => [k, DlqActionErrors[k]])) as { [P in K]: (typeof DlqActionErrors)[P] };
}

/** A dead letter's id, `topic/partition/offset`, URL-encoded into one path segment. */
const idParams = z.object({
  id: z.string().describe("The dead letter's id, `topic/partition/offset`, URL-encoded (`/` as `%2F`)"),
});
const operatorHeader = {
  "x-sagascope-operator": "Operator name recorded in the audit log (loopback without accounts)",
};
/** A missing or blank reason has its own code: every action goes into the audit log with one. */
const reasonCode = { reason: "REASON_REQUIRED" } as const;
const REASON_REQUIRED = 400 as const;

export const dlqRoutes = {
  list: route({
    method: "get",
    path: "/api/dlq/messages",
    role: "viewer",
    tag: "dead letters",
    summary: "Dead letters, newest first, with group counts",
    query: z.object({
      topic: z.string().optional().describe("Dead-letter topic"),
      status: z
        .string()
        .optional()
        .describe("new, retrying, published, failed or discarded (INVALID_STATUS otherwise)"),
      q: z.string().optional().describe("Substring of id, original topic, exception class or message"),
      originTopic: z.string().optional().describe("The original topic, exactly"),
      exceptionClass: z.string().optional().describe("The exception class, exactly"),
      message: z.string().optional().describe("The exception message, exactly"),
      group: z
        .string()
        .optional()
        .describe("`originTopic:<v>`, `exceptionClass:<v>` or `message:<v>` (a group picked from `groups`)"),
      limit: z.string().optional().describe("At most this many messages (default 200, at most 1000)"),
    }),
    response: deadLetterListSchema,
    errors: { INVALID_STATUS: 400 },
  }),
  detail: route({
    method: "get",
    path: "/api/dlq/messages/{id}",
    role: "viewer",
    tag: "dead letters",
    summary:
      "One dead letter with its error, stack trace, value, headers, attempts and saga instances (masked by the masking rules)",
    params: idParams,
    response: deadLetterDetailSchema,
    errors: codes("NOT_FOUND"),
  }),
  value: route({
    method: "get",
    path: "/api/dlq/messages/{id}/value",
    role: "viewer",
    tag: "dead letters",
    summary: "The value's raw bytes, whole (masked by the masking rules)",
    params: idParams,
    response: { raw: "application/octet-stream", description: "The value's bytes" },
    errors: codes("NOT_FOUND"),
  }),
  retry: route({
    method: "post",
    path: "/api/dlq/messages/{id}/retry",
    role: "operator",
    tag: "dead letters",
    summary: "Republish the record (optionally edited) to its original or a chosen topic, at most once unless forced",
    description:
      'PUBLISH_FAILED (502) answers the recorded attempt beside the error: `{ replayId, state: "failed", error }`; it can be retried.',
    params: idParams,
    body: retryBodySchema,
    headers: operatorHeader,
    response: republishedSchema,
    errors: {
      ...codes(
        "NOT_FOUND",
        "RETRY_IN_PROGRESS",
        "ALREADY_PUBLISHED",
        "DISCARDED",
        "CONFLICT",
        "MASKED",
        "NO_TARGET_TOPIC",
        "INVALID_JSON_VALUE",
        "SHUTTING_DOWN",
        "PUBLISH_FAILED",
      ),
      REASON_REQUIRED,
    },
    fieldErrors: reasonCode,
  }),
  discard: route({
    method: "post",
    path: "/api/dlq/messages/{id}/discard",
    role: "operator",
    tag: "dead letters",
    summary: "Mark the record resolved with a reason",
    params: idParams,
    body: discardBodySchema,
    headers: operatorHeader,
    response: z.object({ status: z.literal("discarded") }),
    errors: {
      ...codes("NOT_FOUND", "RETRY_IN_PROGRESS", "ALREADY_PUBLISHED", "DISCARDED", "CONFLICT", "SHUTTING_DOWN"),
      REASON_REQUIRED,
    },
    fieldErrors: reasonCode,
  }),
  redrives: route({
    method: "get",
    path: "/api/dlq/redrives",
    role: "viewer",
    tag: "dead letters",
    summary: "Recent redrives (without their per-record results)",
    response: z.object({ redrives: z.array(redriveViewSchema) }),
    errors: {},
  }),
  startRedrive: route({
    method: "post",
    path: "/api/dlq/redrives",
    role: "operator",
    tag: "dead letters",
    summary: "Start a bulk redrive of a dead-letter topic's open records matching a filter, at a rate limit",
    body: redriveBodySchema,
    headers: operatorHeader,
    status: 202,
    response: z.object({ id: z.string(), total: z.number().int(), state: z.literal("running") }),
    errors: { ...codes("REDRIVE_RUNNING"), REASON_REQUIRED },
    fieldErrors: reasonCode,
  }),
  redrive: route({
    method: "get",
    path: "/api/dlq/redrives/{id}",
    role: "viewer",
    tag: "dead letters",
    summary: "A redrive's progress and a result for every record",
    params: z.object({ id: z.string() }),
    query: z.object({ results: z.string().optional().describe("0: leave out the per-record results (progress only)") }),
    response: redriveViewSchema,
    errors: codes("NOT_FOUND"),
  }),
  cancelRedrive: route({
    method: "delete",
    path: "/api/dlq/redrives/{id}",
    role: "operator",
    tag: "dead letters",
    summary: "Cancel a running redrive; what was sent stays sent",
    description: `REDRIVE_NOT_RUNNING carries the redrive's \`state\` (${RedriveStates.join(", ")}) beside the code.`,
    params: z.object({ id: z.string() }),
    headers: operatorHeader,
    response: z.object({ id: z.string(), state: z.literal("cancelled") }),
    errors: codes("NOT_FOUND", "REDRIVE_NOT_RUNNING"),
  }),
} as const;
