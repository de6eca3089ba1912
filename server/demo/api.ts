import type { IncomingHttpHeaders } from "node:http";
import type { DemoControl, DemoState } from "../contract";
import { demoRoutes } from "../contract/routes/demo";
import type { AuditInput } from "../audit/repo";
import { fail, implement, ok, type BoundRoute, type Failure, type Success } from "../http/api";
import { leverMemory, type LeverMemory } from "./lever-memory";

/** What a lever ends in: the demo's state after it, or the reason it could not be applied. */
export type LeverOutcome = Success<DemoState> | Failure<"LEVER_FAILED">;

export interface DemoApiDeps {
  /** The demo running in this process, or null (no `npm run demo`). Asked per request: it may be attached after the server starts. */
  demo: () => DemoControl | null;
  /** One row of the audit log (the dead-letter repo's, in production). */
  audit: (e: AuditInput) => Promise<void>;
  /** Levers already pulled under an idempotency key; a fresh memory of 10 minutes when not given. */
  pulled?: LeverMemory<LeverOutcome>;
}

type LeverName = Exclude<keyof typeof demoRoutes, "state">;

/** What a lever's handler hands on: who asks, with which body, under which key. */
interface LeverRequest {
  body: object;
  actor: string;
  headers: IncomingHttpHeaders;
}

const notRunning = () =>
  fail("DEMO_NOT_RUNNING", { message: "no demo is running in this server; start one with `npm run demo`" });
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/**
 * `GET /api/demo` (the demo's state) and `POST /api/demo/{rate|failures|outage|poison|duplicates}`.
 * The edge has checked the role (viewer to read, operator plus the CSRF
 * checks to pull) and the body against the lever's schema. Each lever is
 * audited before it runs and with its outcome after; a repeat of a caller's
 * Idempotency-Key pulls nothing and answers the first outcome.
 */
export function demoApi(deps: DemoApiDeps): BoundRoute[] {
  const pulled = deps.pulled ?? leverMemory<LeverOutcome>();

  async function pull(name: LeverName, req: LeverRequest, target: string, run: (c: DemoControl) => Promise<DemoState>) {
    const control = deps.demo();
    if (!control) return notRunning();
    const key = one(req.headers["idempotency-key"])?.trim().slice(0, 200);
    if (!key) return audited(name, req, target, () => run(control));
    const memoryKey = `${req.actor}\u0000${key}`;
    const first = pulled.recall(memoryKey);
    if (first) {
      if (first.lever !== name)
        return fail("IDEMPOTENCY_KEY_REUSED", { message: `this Idempotency-Key was used for demo.${first.lever}` });
      await deps.audit({
        actor: req.actor,
        action: `demo.${name}`,
        target,
        result: "refused",
        detail: { ...req.body, why: "REPEATED", idempotencyKey: key },
      });
      return first.outcome;
    }
    const outcome = audited(name, req, target, () => run(control), key);
    pulled.remember(memoryKey, name, outcome);
    return outcome;
  }

  /** Pulls one lever: audited before it runs and with its outcome after. */
  async function audited(
    name: LeverName,
    req: LeverRequest,
    target: string,
    run: () => Promise<DemoState>,
    idempotencyKey?: string,
  ): Promise<LeverOutcome> {
    const audit = {
      actor: req.actor,
      action: `demo.${name}`,
      target,
      detail: { ...req.body, ...(idempotencyKey ? { idempotencyKey } : {}) },
    };
    // Before: a lever that never records its outcome (crash, shutdown) still shows who pulled it.
    await deps.audit({ ...audit, result: "requested" });
    let state: DemoState;
    try {
      state = await run();
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      await deps.audit({ ...audit, result: "failed", detail: { ...audit.detail, error: message } });
      // Retriable: the demo's levers fail on what passes (a broker hiccup, a consumer restarting).
      return fail("LEVER_FAILED", { message, retriable: true });
    }
    await deps.audit({ ...audit, result: "ok" });
    return ok(state);
  }

  // Each lever names what it acts on, as the audit's target.
  return [
    implement(demoRoutes.state, async () => {
      const control = deps.demo();
      return control ? ok(await control.state()) : notRunning();
    }),
    implement(demoRoutes.rate, (req) => pull("rate", req, "orders", (c) => c.setRate(req.body))),
    implement(demoRoutes.failures, (req) =>
      pull("failures", req, req.body.service, (c) => c.setFailureShare(req.body)),
    ),
    implement(demoRoutes.outage, (req) => pull("outage", req, req.body.service, (c) => c.setOutage(req.body))),
    implement(demoRoutes.poison, (req) => pull("poison", req, "orders", (c) => c.sendPoison(req.body))),
    implement(demoRoutes.duplicates, (req) => pull("duplicates", req, "outbox", (c) => c.injectDuplicates(req.body))),
  ];
}
