import type { Capability } from "../capability";
import { ActionCounter } from "../http/metrics";
import type { Db } from "../store";
import { auditApi } from "./api";
import { createAuditLog } from "./repo";

/**
 * The audit log: every operator and account action, a row before and after
 * it runs, and /api/audit to read it. Other capabilities get its `audit`
 * function; nothing here reads Kafka.
 */
export function auditCapability(db: Db) {
  const actions = new ActionCounter();
  const log = createAuditLog(db, { onAudit: (e) => actions.add(e.action, e.result) });
  return {
    name: "audit",
    log,
    routes: auditApi({ log }),
    metrics: () => [
      {
        name: "sagascope_operator_actions_total",
        help: "Operator actions by action and result, as audited",
        type: "counter" as const,
        samples: actions.samples(),
      },
    ],
  } satisfies Capability & Record<string, unknown>;
}
