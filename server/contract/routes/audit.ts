import { z } from "zod";
import { route } from "../route";

/** How an audited action ended: every action is a row before it runs (`requested`) and one after. */
export const AuditResults = ["requested", "ok", "failed", "refused"] as const;
export type AuditResult = (typeof AuditResults)[number];

/** One row of the audit log. */
export const auditEntrySchema = z.object({
  id: z.number().int(),
  at: z.iso.datetime(),
  /** Who acted, as the edge names them (`ana (operator)`, `it (loopback, no login)`, `ci (token)`). */
  actor: z.string(),
  /** `retry`, `edit-and-retry`, `discard`, `redrive`, `redrive-cancel`, `login`, `user.create`, `demo.outage`, … */
  action: z.string(),
  deadLetterId: z.string().nullable(),
  target: z.string().nullable(),
  reason: z.string().nullable(),
  result: z.enum(AuditResults),
  detail: z.record(z.string(), z.unknown()),
});
export type AuditView = z.infer<typeof auditEntrySchema>;

/** The CSV export's columns, in order. */
export const AuditCsvColumns = [
  "id",
  "at",
  "actor",
  "action",
  "deadLetterId",
  "target",
  "reason",
  "result",
  "detail",
] as const satisfies ReadonlyArray<keyof AuditView>;

export const auditRoutes = {
  list: route({
    method: "get",
    path: "/api/audit",
    role: "viewer",
    tag: "audit",
    summary: "Every operator action, newest first",
    description:
      "With `format=csv` the same entries as a CSV download (text/csv, sagascope-audit.csv; cells a spreadsheet would read as a formula are prefixed with `'`).",
    query: z.object({
      deadLetterId: z.string().optional().describe("Only actions on this dead letter (`topic/partition/offset`)"),
      action: z
        .string()
        .optional()
        .describe(
          "Only this action: retry, edit-and-retry, discard, redrive, redrive-cancel, login, logout, password.change, user.*, token.*, demo.*",
        ),
      actor: z.string().optional().describe("Only this actor, exactly"),
      format: z.string().optional().describe("csv: a CSV download instead of JSON"),
      limit: z.string().optional().describe("At most this many entries (default 500, at most 10000)"),
    }),
    response: z.object({ entries: z.array(auditEntrySchema) }),
    errors: {},
  }),
} as const;
