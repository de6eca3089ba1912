import { auditRoutes } from "../contract/routes/audit";
import { implement, ok, type RawReply, type Reply } from "../http/api";
import type { AuditFilter, AuditRow } from "./repo";
import { auditCsv, auditView } from "./view";

export interface AuditApiDeps {
  log: { listAudit: (f: AuditFilter) => Promise<AuditRow[]> };
}

/** `/api/audit`: the log as JSON, or with `format=csv` as a CSV download. */
export function auditApi(deps: AuditApiDeps) {
  return [
    implement(auditRoutes.list, async ({ query }) => {
      const rows = (
        await deps.log.listAudit({
          deadLetterId: query.deadLetterId || undefined,
          action: query.action || undefined,
          actor: query.actor || undefined,
          limit: Number(query.limit ?? 500) || 500,
        })
      ).map(auditView);
      if (query.format === "csv") {
        const csv: RawReply = {
          raw: { contentType: "text/csv; charset=utf-8", data: auditCsv(rows), filename: "sagascope-audit.csv" },
        };
        // The one route with two formats: its declaration describes the JSON answer (what the browser parses) and names the CSV in its description.
        return csv as unknown as Reply<typeof auditRoutes.list>;
      }
      return ok({ entries: rows });
    }),
  ];
}
