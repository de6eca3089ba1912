import { timingSafeEqual } from "node:crypto";
import type { DlqErrorCode } from "../contract";

/**
 * Access to operator actions until accounts and roles land (the security
 * issue): a shared operator token. With no token configured, actions are
 * open only while the server listens on loopback (the demo default); on any
 * other address they are refused, never silently allowed.
 */
export interface OperatorAccess {
  token: string | null;
  loopback: boolean;
}

export type AccessResult = { ok: true; actor: string } | { ok: false; status: 401 | 403; code: DlqErrorCode };

export interface RequestFacts {
  method: string;
  /** Lower-cased header names, as Node gives them. */
  headers: Record<string, string | string[] | undefined>;
}

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export function isLoopback(host: string): boolean {
  return host === "localhost" || host === "::1" || host === "[::1]" || /^127\./.test(host);
}

/**
 * Who is acting, or why not. The operator's name (`x-sagascope-operator`,
 * free text) is recorded in the audit with how they authenticated.
 */
export function authoriseOperator(access: OperatorAccess, req: RequestFacts): AccessResult {
  const name = (one(req.headers["x-sagascope-operator"]) ?? "").trim().slice(0, 100);
  if (access.token === null) {
    if (!access.loopback) return { ok: false, status: 403, code: "FORBIDDEN" };
    return { ok: true, actor: `${name || "anonymous"} (loopback, no login)` };
  }
  const auth = one(req.headers.authorization) ?? "";
  const m = /^Bearer (.+)$/.exec(auth);
  if (!m) return { ok: false, status: 401, code: "UNAUTHENTICATED" };
  const given = Buffer.from(m[1]!);
  const want = Buffer.from(access.token);
  if (given.length !== want.length || !timingSafeEqual(given, want)) return { ok: false, status: 403, code: "FORBIDDEN" };
  return { ok: true, actor: `${name || "operator"} (token)` };
}

/**
 * CSRF defence for state-changing requests: the body must be JSON (a
 * cross-site form cannot send that without a preflight, which we never
 * answer), and a browser's Origin, when sent, must be this server's host.
 */
export function checkSameOrigin(req: RequestFacts): { ok: true } | { ok: false; status: 403; code: "CROSS_ORIGIN" } {
  const type = one(req.headers["content-type"]) ?? "";
  if (!/^application\/json\b/i.test(type)) return { ok: false, status: 403, code: "CROSS_ORIGIN" };
  const origin = one(req.headers.origin);
  if (origin === undefined) return { ok: true }; // not a browser (curl, automation)
  const host = one(req.headers.host);
  try {
    if (host && new URL(origin).host === host) return { ok: true };
  } catch {
    // "null" or garbage: refused below
  }
  return { ok: false, status: 403, code: "CROSS_ORIGIN" };
}
