import { AuditCsvColumns, type AuditResult, type AuditView } from "../contract";
import type { AuditRow } from "./repo";

/** A stored row as the API answers it. */
export const auditView = (a: AuditRow): AuditView => ({
  id: a.id,
  at: a.at.toISOString(),
  actor: a.actor,
  action: a.action,
  deadLetterId: a.deadLetterId,
  target: a.target,
  reason: a.reason,
  result: a.result as AuditResult,
  detail: JSON.parse(a.detail) as Record<string, unknown>,
});

const csvCell = (v: unknown) => {
  const s = v === null || v === undefined ? "" : typeof v === "string" ? v : JSON.stringify(v);
  // Leading =, +, - or @ would be a formula in a spreadsheet.
  const safe = /^[=+\-@]/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

/** The entries as CSV: a header row, one line per entry, a trailing newline. */
export const auditCsv = (rows: readonly AuditView[]): string =>
  [AuditCsvColumns.join(","), ...rows.map((r) => AuditCsvColumns.map((c) => csvCell(r[c])).join(","))].join("\n") +
  "\n";
