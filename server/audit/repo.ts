import type { AuditResult } from "../contract";
import type { Db } from "../store";

/** One audited step of an action: who, what, on which record, to where, why, and how it ended. */
export interface AuditInput {
  actor: string;
  action: string;
  deadLetterId?: string | null;
  target?: string | null;
  reason?: string | null;
  result: AuditResult;
  detail?: Record<string, unknown>;
}

export interface AuditFilter {
  deadLetterId?: string;
  action?: string;
  actor?: string;
  limit?: number;
}

/**
 * The audit log in the database: every operator, account and demo action
 * writes a row before it runs and one after. `onAudit` sees each row once it
 * is stored (the operator-action counters of /metrics).
 */
export function createAuditLog(db: Db, hooks: { onAudit?: (e: AuditInput) => void } = {}) {
  return {
    async audit(e: AuditInput): Promise<void> {
      await db.auditEntry.create({
        data: {
          actor: e.actor,
          action: e.action,
          deadLetterId: e.deadLetterId ?? null,
          target: e.target ?? null,
          reason: e.reason ?? null,
          result: e.result,
          detail: JSON.stringify(e.detail ?? {}),
        },
      });
      hooks.onAudit?.(e);
    },

    /** Newest first; at most 10,000 rows. */
    listAudit: (f: AuditFilter) =>
      db.auditEntry.findMany({
        where: {
          ...(f.deadLetterId ? { deadLetterId: f.deadLetterId } : {}),
          ...(f.action ? { action: f.action } : {}),
          ...(f.actor ? { actor: f.actor } : {}),
        },
        orderBy: { id: "desc" },
        take: Math.min(f.limit ?? 500, 10_000),
      }),
  };
}

export type AuditLog = ReturnType<typeof createAuditLog>;
/** What an action needs of the audit log: a row written. */
export type Audit = AuditLog["audit"];
export type AuditRow = Awaited<ReturnType<AuditLog["listAudit"]>>[number];
