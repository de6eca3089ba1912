import { createHash, timingSafeEqual } from "node:crypto";
import type { SessionPrincipal, TokenPrincipal } from "./accounts";
import { parseCookies, SESSION_COOKIE } from "./cookies";
import { checkSameOrigin, isLocalClient, type RequestFacts } from "./origin";
import { atLeast, isUnsafe, type Requirement, type Role } from "./roles";

/** Loopback without accounts: no login, and every page says so. */
export interface OpenPrincipal {
  kind: "open";
  role: Role;
  /** Free text from x-sagascope-operator, for the audit. */
  name: string;
}

/** The shared OPERATOR_TOKEN (automation from before accounts existed). */
export interface OperatorTokenPrincipal {
  kind: "operator-token";
  role: "operator";
  name: string;
}

export type Principal =
  | SessionPrincipal
  | TokenPrincipal
  | OpenPrincipal
  | OperatorTokenPrincipal
  | { kind: "anonymous" }
  | { kind: "invalid" };

export type AuthErrorCode = "UNAUTHENTICATED" | "INVALID_CREDENTIALS" | "FORBIDDEN" | "CROSS_ORIGIN" | "CSRF_TOKEN";
export type Decision = { ok: true } | { ok: false; status: 401 | 403; code: AuthErrorCode; message?: string };

/** What identifying a request needs; `accounts` lookups hit the database. */
export interface IdentifyDeps {
  loginRequired(): Promise<boolean>;
  session(secret: string): Promise<SessionPrincipal | null>;
  token(token: string): Promise<TokenPrincipal | null>;
  operatorToken: string | null;
  loopback: boolean;
}

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/** Constant time whatever the lengths: compares digests, so not even the length leaks. */
function sameSecret(given: string, want: string): boolean {
  const digest = (s: string) => createHash("sha256").update(s).digest();
  return timingSafeEqual(digest(given), digest(want));
}

/**
 * Who is calling: a bearer token (API token or OPERATOR_TOKEN) wins over the
 * session cookie; without either, a request from this machine (loopback peer,
 * no proxy headers, loopback Host: origin.ts) to a loopback server without
 * accounts is "open", and anything else is anonymous. A credential that is
 * given but wrong is "invalid", never silently downgraded.
 */
export async function identify(req: RequestFacts, deps: IdentifyDeps): Promise<Principal> {
  const name = (one(req.headers["x-sagascope-operator"]) ?? "").trim().slice(0, 100);
  const bearer = /^Bearer (.+)$/.exec(one(req.headers.authorization) ?? "")?.[1];
  if (bearer !== undefined) {
    if (deps.operatorToken && sameSecret(bearer, deps.operatorToken))
      return { kind: "operator-token", role: "operator", name: name || "operator" };
    return (await deps.token(bearer)) ?? { kind: "invalid" };
  }
  const secret = parseCookies(one(req.headers.cookie)).get(SESSION_COOKIE);
  if (secret) {
    const s = await deps.session(secret);
    if (s) return s;
  }
  if (deps.loopback && isLocalClient(req) && !(await deps.loginRequired())) {
    // With OPERATOR_TOKEN set, the open dashboard can look but actions need the token.
    return { kind: "open", role: deps.operatorToken ? "viewer" : "operator", name: name || "anonymous" };
  }
  return { kind: "anonymous" };
}

/**
 * Whether a principal may make this request: the route's requirement, then
 * for state-changing requests the same-origin check and, for a browser
 * session, its CSRF token in x-csrf-token. Pure.
 */
export function decide(
  p: Principal,
  need: Requirement,
  req: RequestFacts,
  publicOrigins: readonly string[] = [],
): Decision {
  if (isUnsafe(req.method)) {
    const origin = checkSameOrigin(req, publicOrigins);
    if (!origin.ok) return origin;
  }
  if (need === "public") return { ok: true };
  if (p.kind === "invalid") return { ok: false, status: 401, code: "INVALID_CREDENTIALS" };
  if (p.kind === "anonymous") return { ok: false, status: 401, code: "UNAUTHENTICATED" };
  if (need === "signed-in") {
    if (p.kind === "open") return { ok: false, status: 401, code: "UNAUTHENTICATED" };
  } else if (!atLeast(p.role, need)) {
    // Open mode short of a role: a credential would help (401), a signed-in user's role would not (403).
    return p.kind === "open"
      ? { ok: false, status: 401, code: "UNAUTHENTICATED" }
      : { ok: false, status: 403, code: "FORBIDDEN" };
  }
  if (p.kind === "session" && isUnsafe(req.method) && !sameSecret(one(req.headers["x-csrf-token"]) ?? "", p.csrfToken))
    return { ok: false, status: 403, code: "CSRF_TOKEN" };
  return { ok: true };
}

/** How the audit log names whoever acted. */
export function actorOf(p: Principal): string {
  switch (p.kind) {
    case "session":
      return `${p.username} (${p.role})`;
    case "token":
      return `${p.username} via token "${p.tokenName}" (${p.role})`;
    case "operator-token":
      return `${p.name} (token)`;
    case "open":
      return `${p.name} (loopback, no login)`;
    default:
      return "anonymous";
  }
}

/** What the browser may know about who it is (never the session secret). */
export function whoAmI(p: Principal): {
  mode: "open" | "login";
  user: { username: string; role: Role; via: "session" | "token" | "operator-token" } | null;
  role: Role | null;
} {
  switch (p.kind) {
    case "session":
    case "token":
      return { mode: "login", user: { username: p.username, role: p.role, via: p.kind }, role: p.role };
    case "operator-token":
      return { mode: "login", user: { username: p.name, role: p.role, via: p.kind }, role: p.role };
    case "open":
      return { mode: "open", user: null, role: p.role };
    default:
      return { mode: "login", user: null, role: null };
  }
}
