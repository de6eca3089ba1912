import type { z } from "zod";
import { demoDuplicatesBody, demoFailureBody, demoOutageBody, demoPoisonBody, demoRateBody, type DemoControl, type DemoErrorCode, type DemoState } from "../contract";
import type { AuditInput } from "../audit/repo";

export interface DemoRequest {
  method: string;
  pathname: string;
  /** Parsed JSON body (POST), or undefined. */
  body: unknown;
  /** Who is acting, as the audit names them; the HTTP edge has already checked their role and CSRF. */
  actor: string;
  /** The `Idempotency-Key` header: a repeat of a key this actor already used pulls nothing. */
  idempotencyKey?: string;
}

export interface DemoResponse {
  status: number;
  body: unknown;
}

export interface DemoDeps {
  /** The demo running in this process, or null (no `npm run demo`). Asked per request: it may be attached after the server starts. */
  demo: () => DemoControl | null;
  /** One row of the audit log (the dead-letter repo's, in production). */
  audit: (e: AuditInput) => Promise<void>;
  /** Levers already pulled under an idempotency key (`leverMemory()`); without it keys are ignored. */
  pulled?: LeverMemory;
}

/**
 * The idempotency keys of recent levers, per actor, for 10 minutes (at most
 * 1,000): a client that sends its request again (a retry after a timeout, a
 * second click of a script) gets the outcome of the first instead of a
 * second burst of poison. The outcome is kept as a promise, so a repeat that
 * arrives while the first is still running waits for it.
 */
export function leverMemory(now: () => number = Date.now, ttlMs = 10 * 60_000, max = 1000) {
  const entries = new Map<string, { at: number; lever: string; outcome: Promise<DemoResponse> }>();
  return {
    recall(key: string): { lever: string; outcome: Promise<DemoResponse> } | undefined {
      const e = entries.get(key);
      if (e && now() - e.at > ttlMs) entries.delete(key);
      return entries.get(key);
    },
    remember(key: string, lever: string, outcome: Promise<DemoResponse>): void {
      entries.set(key, { at: now(), lever, outcome });
      for (const [k, e] of entries) {
        if (entries.size <= max && now() - e.at <= ttlMs) break;
        entries.delete(k);
      }
    },
  };
}
export type LeverMemory = ReturnType<typeof leverMemory>;

const error = (status: number, code: DemoErrorCode, message: string, extra: Record<string, unknown> = {}): DemoResponse => ({ status, body: { error: { code, message, ...extra } } });

/** One lever: its body, what it does, and what the audit names as its target. */
interface Lever<B> {
  schema: z.ZodType<B>;
  run: (c: DemoControl, b: B) => Promise<DemoState>;
  target: (b: B) => string;
}
const lever = <B>(l: Lever<B>) => l as Lever<unknown>;

/**
 * The levers by path segment. The map's type lists every action name, so the
 * audit's `demo.<lever>` names and the routes cannot drift apart.
 */
const levers = {
  rate: lever({ schema: demoRateBody, run: (c, b) => c.setRate(b), target: () => "orders" }),
  failures: lever({ schema: demoFailureBody, run: (c, b) => c.setFailureShare(b), target: (b) => b.service }),
  outage: lever({ schema: demoOutageBody, run: (c, b) => c.setOutage(b), target: (b) => b.service }),
  poison: lever({ schema: demoPoisonBody, run: (c, b) => c.sendPoison(b), target: () => "orders" }),
  duplicates: lever({ schema: demoDuplicatesBody, run: (c, b) => c.injectDuplicates(b), target: () => "outbox" }),
} satisfies Record<string, Lever<unknown>>;
type LeverName = keyof typeof levers;
const isLever = (v: string): v is LeverName => Object.hasOwn(levers, v);

/** The paths this module answers: /api/demo and everything under it. */
export const isDemoPath = (pathname: string): boolean => pathname === "/api/demo" || pathname.startsWith("/api/demo/");

const notRunning = () => error(404, "DEMO_NOT_RUNNING", "no demo is running in this server; start one with `npm run demo`");

/**
 * `/api/demo` (the demo's state) and `POST /api/demo/{rate|failures|outage|poison|duplicates}`.
 * The HTTP edge (server/http/routes.ts) has applied the access policy: the
 * read needs viewer, the levers operator plus the same-origin and CSRF checks.
 * Each lever is audited before it runs and with its outcome after. Returns
 * null for paths outside /api/demo.
 */
export async function handleDemo(req: DemoRequest, deps: DemoDeps): Promise<DemoResponse | null> {
  const { method, pathname } = req;
  if (!isDemoPath(pathname)) return null;
  if (pathname === "/api/demo") {
    if (method !== "GET") return error(405, "METHOD_NOT_ALLOWED", "GET reads the demo's state; the levers are POST /api/demo/{lever}");
    const control = deps.demo();
    return control ? { status: 200, body: await control.state() } : notRunning();
  }
  const name = pathname.slice("/api/demo/".length);
  if (!isLever(name)) return error(404, "NOT_FOUND", `no demo route ${pathname}`);
  if (method !== "POST") return error(405, "METHOD_NOT_ALLOWED", `${pathname} takes POST`);
  const control = deps.demo();
  if (!control) return notRunning();
  const l = levers[name];
  const parsed = l.schema.safeParse(req.body ?? {});
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
    return error(400, "INVALID_BODY", issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join("; "), { issues });
  }
  const body = parsed.data;
  const key = req.idempotencyKey?.trim().slice(0, 200);
  if (key && deps.pulled) {
    const memoryKey = `${req.actor}\u0000${key}`;
    const first = deps.pulled.recall(memoryKey);
    if (first) {
      if (first.lever !== name) return error(409, "IDEMPOTENCY_KEY_REUSED", `this Idempotency-Key was used for demo.${first.lever}`);
      await deps.audit({ actor: req.actor, action: `demo.${name}`, target: l.target(body), result: "refused", detail: { ...(body as Record<string, unknown>), why: "REPEATED", idempotencyKey: key } });
      return first.outcome;
    }
    const outcome = pull(name, l, control, body, req.actor, deps, key);
    deps.pulled.remember(memoryKey, name, outcome);
    return outcome;
  }
  return pull(name, l, control, body, req.actor, deps);
}

/** Pulls one lever: audited before it runs and with its outcome after. */
async function pull(name: LeverName, l: Lever<unknown>, control: DemoControl, body: unknown, actor: string, deps: DemoDeps, idempotencyKey?: string): Promise<DemoResponse> {
  const audit = { actor, action: `demo.${name}`, target: l.target(body), detail: { ...(body as Record<string, unknown>), ...(idempotencyKey ? { idempotencyKey } : {}) } };
  // Before: a lever that never records its outcome (crash, shutdown) still shows who pulled it.
  await deps.audit({ ...audit, result: "requested" });
  let state: DemoState;
  try {
    state = await l.run(control, body);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    await deps.audit({ ...audit, result: "failed", detail: { ...audit.detail, error: message } });
    // 503 and retriable: the demo's levers fail on what passes (a broker hiccup, a consumer restarting).
    return error(503, "LEVER_FAILED", message, { retriable: true });
  }
  await deps.audit({ ...audit, result: "ok" });
  return { status: 200, body: state };
}
