import { z } from "zod";
import type { AuditInput } from "../audit/repo";
import { AccountError, type Accounts } from "./accounts";
import { sessionCookie } from "./cookies";
import { actorOf, whoAmI, type Principal } from "./gate";
import type { LoginLimiter } from "./login-limiter";
import { Roles } from "./roles";

export interface AuthRequest {
  method: string;
  pathname: string;
  body: unknown;
  principal: Principal;
  /** The client's address, for login throttling. */
  address: string;
}

export interface AuthResponse {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export interface AuthDeps {
  accounts: Accounts;
  limiter: LoginLimiter;
  audit: (e: AuditInput) => Promise<void>;
  cookieSecure: boolean;
  sessionTtlMs: number;
  /** Ends the live (socket) connections of these sessions. */
  endSockets: (sessionIds: string[]) => void;
  now?: () => number;
}

const error = (status: number, code: string, extra: Record<string, unknown> = {}): AuthResponse => ({ status, body: { error: { code, ...extra } } });

const loginBody = z.object({ username: z.string().min(1).max(64), password: z.string().min(1).max(256) });
const passwordBody = z.object({ current: z.string().min(1).max(256), next: z.string().min(1).max(256) });
const createUserBody = z.object({ username: z.string(), password: z.string(), role: z.enum(Roles) });
const updateUserBody = z.object({ role: z.enum(Roles).optional(), disabled: z.boolean().optional(), password: z.string().optional() }).refine((b) => b.role !== undefined || b.disabled !== undefined || b.password !== undefined, "nothing to change");
const createTokenBody = z.object({ username: z.string().min(1), name: z.string().min(1).max(100), role: z.enum(Roles), expiresInDays: z.number().int().positive().max(3650).optional() });

function parse<T>(schema: z.ZodType<T>, body: unknown): { ok: true; value: T } | { ok: false; res: AuthResponse } {
  const r = schema.safeParse(body ?? {});
  if (r.success) return { ok: true, value: r.data };
  return { ok: false, res: error(400, "INVALID_BODY", { issues: r.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })) }) };
}

const accountError = (err: unknown): AuthResponse => {
  if (!(err instanceof AccountError)) throw err;
  const status = err.code === "NOT_FOUND" ? 404 : err.code === "USERNAME_TAKEN" || err.code === "LAST_ADMIN" || err.code === "CONFLICT" ? 409 : 400;
  return error(status, err.code, { message: err.message });
};

/**
 * `/api/auth/*` (session, login, logout, own password) and `/api/admin/*`
 * (users and API tokens). The gate has already checked the route's role and
 * CSRF before this runs; every change is audited.
 */
export async function handleAuth(req: AuthRequest, deps: AuthDeps): Promise<AuthResponse | null> {
  const now = deps.now?.() ?? Date.now();
  const { method, pathname, principal } = req;
  const actor = actorOf(principal);

  if (pathname === "/api/auth/session" && method === "GET") {
    return { status: 200, body: { ...whoAmI(principal), csrfToken: principal.kind === "session" ? principal.csrfToken : null } };
  }

  if (pathname === "/api/auth/login" && method === "POST") {
    const body = parse(loginBody, req.body);
    if (!body.ok) return body.res;
    const { username, password } = body.value;
    const wait = deps.limiter.retryAfterMs(username, req.address, now);
    if (wait > 0) {
      // Not audited one by one: a throttled flood would otherwise fill the audit log for free.
      const retryAfterSec = Math.ceil(wait / 1000);
      return { ...error(429, "TOO_MANY_ATTEMPTS", { retryAfterSec }), headers: { "retry-after": String(retryAfterSec) } };
    }
    const succeeded = deps.limiter.begin(username, req.address, now);
    const user = await deps.accounts.checkPassword(username, password);
    if (!user) {
      await deps.audit({ actor: `${username.slice(0, 64)} (unverified)`, action: "login", target: req.address, result: "refused", detail: { reason: "wrong user name or password" } });
      return error(401, "INVALID_CREDENTIALS");
    }
    succeeded();
    const s = await deps.accounts.startSession(user, now);
    await deps.audit({ actor: `${user.username} (${user.role})`, action: "login", target: req.address, result: "ok" });
    return {
      status: 200,
      body: { ...whoAmI(s.principal), csrfToken: s.principal.csrfToken },
      headers: { "set-cookie": sessionCookie(s.secret, { maxAgeSec: deps.sessionTtlMs / 1000, secure: deps.cookieSecure }) },
    };
  }

  if (pathname === "/api/auth/logout" && method === "POST") {
    if (principal.kind === "session") {
      await deps.accounts.endSession(principal.sessionId);
      deps.endSockets([principal.sessionId]);
      await deps.audit({ actor, action: "logout", result: "ok" });
    }
    return { status: 200, body: { ok: true }, headers: { "set-cookie": sessionCookie("", { maxAgeSec: 0, secure: deps.cookieSecure }) } };
  }

  if (pathname === "/api/auth/password" && method === "POST") {
    if (principal.kind !== "session") return error(403, "FORBIDDEN", { message: "only a signed-in user changes their own password" });
    const body = parse(passwordBody, req.body);
    if (!body.ok) return body.res;
    // The current password is guessable through this route too: same throttle as sign-in.
    const wait = deps.limiter.retryAfterMs(principal.username, req.address, now);
    if (wait > 0) return { ...error(429, "TOO_MANY_ATTEMPTS", { retryAfterSec: Math.ceil(wait / 1000) }), headers: { "retry-after": String(Math.ceil(wait / 1000)) } };
    const succeeded = deps.limiter.begin(principal.username, req.address, now);
    if (!(await deps.accounts.checkPassword(principal.username, body.value.current))) return error(403, "INVALID_CREDENTIALS");
    succeeded();
    try {
      const { endedSessions } = await deps.accounts.updateUser(principal.userId, { password: body.value.next });
      deps.endSockets(endedSessions);
    } catch (err) {
      return accountError(err);
    }
    await deps.audit({ actor, action: "password.change", target: principal.username, result: "ok" });
    // Every session of this user ended, this one too: sign in again with the new password.
    return { status: 200, body: { ok: true }, headers: { "set-cookie": sessionCookie("", { maxAgeSec: 0, secure: deps.cookieSecure }) } };
  }

  if (pathname === "/api/admin/users" && method === "GET") return { status: 200, body: { users: await deps.accounts.listUsers() } };
  if (pathname === "/api/admin/users" && method === "POST") {
    const body = parse(createUserBody, req.body);
    if (!body.ok) return body.res;
    try {
      const user = await deps.accounts.createUser(body.value);
      await deps.audit({ actor, action: "user.create", target: user.username, result: "ok", detail: { role: user.role } });
      return { status: 201, body: user };
    } catch (err) {
      return accountError(err);
    }
  }
  const userOf = /^\/api\/admin\/users\/([^/]+)$/.exec(pathname);
  if (userOf && (method === "PATCH" || method === "DELETE")) {
    let id: string;
    try {
      id = decodeURIComponent(userOf[1]!);
    } catch {
      return error(400, "INVALID_ID");
    }
    try {
      if (method === "DELETE") {
        deps.endSockets(await deps.accounts.deleteUser(id));
        await deps.audit({ actor, action: "user.delete", target: id, result: "ok" });
        return { status: 200, body: { ok: true } };
      }
      const body = parse(updateUserBody, req.body);
      if (!body.ok) return body.res;
      const { user, endedSessions } = await deps.accounts.updateUser(id, body.value);
      deps.endSockets(endedSessions);
      await deps.audit({ actor, action: "user.update", target: user.username, result: "ok", detail: { role: body.value.role, disabled: body.value.disabled, passwordChanged: body.value.password !== undefined } });
      return { status: 200, body: user };
    } catch (err) {
      return accountError(err);
    }
  }

  if (pathname === "/api/admin/tokens" && method === "GET") return { status: 200, body: { tokens: await deps.accounts.listTokens() } };
  if (pathname === "/api/admin/tokens" && method === "POST") {
    const body = parse(createTokenBody, req.body);
    if (!body.ok) return body.res;
    const owner = await deps.accounts.findUser(body.value.username);
    if (!owner) return error(404, "NOT_FOUND", { message: `no user named ${body.value.username}` });
    const expiresAt = body.value.expiresInDays ? new Date(now + body.value.expiresInDays * 86_400_000) : null;
    let created: Awaited<ReturnType<Accounts["createToken"]>>;
    try {
      created = await deps.accounts.createToken({ userId: owner.id, name: body.value.name, role: body.value.role, expiresAt });
    } catch (err) {
      return accountError(err);
    }
    const { token, view } = created;
    await deps.audit({ actor, action: "token.create", target: `${view.username}/${view.name}`, result: "ok", detail: { role: view.role, tokenId: view.id } });
    // The only time the secret is shown.
    return { status: 201, body: { ...view, token } };
  }
  const tokenOf = /^\/api\/admin\/tokens\/([^/]+)$/.exec(pathname);
  if (tokenOf && method === "DELETE") {
    let id: string;
    try {
      id = decodeURIComponent(tokenOf[1]!);
    } catch {
      return error(400, "INVALID_ID");
    }
    try {
      const view = await deps.accounts.revokeToken(id, now);
      await deps.audit({ actor, action: "token.revoke", target: `${view.username}/${view.name}`, result: "ok", detail: { tokenId: view.id } });
      return { status: 200, body: view };
    } catch (err) {
      return accountError(err);
    }
  }
  if (pathname.startsWith("/api/auth/") || pathname.startsWith("/api/admin/")) return error(pathname.startsWith("/api/admin/") ? 404 : 405, pathname.startsWith("/api/admin/") ? "NOT_FOUND" : "METHOD_NOT_ALLOWED");
  return null;
}
