import { authRoutes } from "../contract/routes/auth";
import type { ErrorTable } from "../contract/route";
import type { AuditInput } from "../audit/repo";
import { fail, implement, ok, type BoundRoute, type Failure } from "../http/api";
import { AccountError, type Accounts } from "./accounts";
import { sessionCookie } from "./cookies";
import { whoAmI } from "./gate";
import type { LoginLimiter } from "./login-limiter";

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

/** An account error as the route's coded failure; a code the route does not declare is a bug and is rethrown (a logged 500). */
function accountFailure<E extends ErrorTable>(decl: { errors: E }, err: unknown): Failure<keyof E & string> {
  if (!(err instanceof AccountError) || !(err.code in decl.errors)) throw err;
  return fail(err.code as keyof E & string, { message: err.message });
}

/** Refused until the throttle's window lets another attempt through; not audited one by one, so a throttled flood cannot fill the audit log for free. */
const throttled = (waitMs: number) => {
  const retryAfterSec = Math.ceil(waitMs / 1000);
  return { ...fail("TOO_MANY_ATTEMPTS", { retryAfterSec }), headers: { "retry-after": String(retryAfterSec) } };
};

/**
 * `/api/auth/*` (session, login, logout, own password) and `/api/admin/*`
 * (users and API tokens). The edge has already checked the route's role and
 * CSRF and validated the body; every change is audited.
 */
export function authApi(deps: AuthDeps): BoundRoute[] {
  const now = deps.now ?? Date.now;
  const clearCookie = () => ({ "set-cookie": sessionCookie("", { maxAgeSec: 0, secure: deps.cookieSecure }) });
  const r = authRoutes;
  return [
    implement(r.session, ({ principal }) =>
      ok({ ...whoAmI(principal), csrfToken: principal.kind === "session" ? principal.csrfToken : null }),
    ),

    implement(r.login, async ({ body: { username, password }, address }) => {
      const at = now();
      const wait = deps.limiter.retryAfterMs(username, address, at);
      if (wait > 0) return throttled(wait);
      const succeeded = deps.limiter.begin(username, address, at);
      const user = await deps.accounts.checkPassword(username, password);
      if (!user) {
        await deps.audit({
          actor: `${username.slice(0, 64)} (unverified)`,
          action: "login",
          target: address,
          result: "refused",
          detail: { reason: "wrong user name or password" },
        });
        return fail("INVALID_CREDENTIALS");
      }
      succeeded();
      const s = await deps.accounts.startSession(user, at);
      await deps.audit({ actor: `${user.username} (${user.role})`, action: "login", target: address, result: "ok" });
      return {
        body: { ...whoAmI(s.principal), csrfToken: s.principal.csrfToken },
        headers: {
          "set-cookie": sessionCookie(s.secret, { maxAgeSec: deps.sessionTtlMs / 1000, secure: deps.cookieSecure }),
        },
      };
    }),

    implement(r.logout, async ({ principal, actor }) => {
      // A token caller has no session to end; the answer is the same.
      if (principal.kind === "session") {
        await deps.accounts.endSession(principal.sessionId);
        deps.endSockets([principal.sessionId]);
        await deps.audit({ actor, action: "logout", result: "ok" });
      }
      return { body: { ok: true as const }, headers: clearCookie() };
    }),

    implement(r.password, async ({ principal, actor, body, address }) => {
      if (principal.kind !== "session")
        return fail("FORBIDDEN", { message: "only a signed-in user changes their own password" });
      // The current password is guessable through this route too: same throttle as sign-in.
      const at = now();
      const wait = deps.limiter.retryAfterMs(principal.username, address, at);
      if (wait > 0) return throttled(wait);
      const succeeded = deps.limiter.begin(principal.username, address, at);
      if (!(await deps.accounts.checkPassword(principal.username, body.current))) return fail("INVALID_CREDENTIALS");
      succeeded();
      try {
        const { endedSessions } = await deps.accounts.updateUser(principal.userId, { password: body.next });
        deps.endSockets(endedSessions);
      } catch (err) {
        return accountFailure(r.password, err);
      }
      await deps.audit({ actor, action: "password.change", target: principal.username, result: "ok" });
      // Every session of this user ended, this one too: sign in again with the new password.
      return { body: { ok: true as const }, headers: clearCookie() };
    }),

    implement(r.listUsers, async () => ok({ users: await deps.accounts.listUsers() })),

    implement(r.createUser, async ({ body, actor }) => {
      try {
        const user = await deps.accounts.createUser(body);
        await deps.audit({
          actor,
          action: "user.create",
          target: user.username,
          result: "ok",
          detail: { role: user.role },
        });
        return ok(user);
      } catch (err) {
        return accountFailure(r.createUser, err);
      }
    }),

    implement(r.updateUser, async ({ params: { id }, body, actor }) => {
      try {
        const { user, endedSessions } = await deps.accounts.updateUser(id, body);
        deps.endSockets(endedSessions);
        await deps.audit({
          actor,
          action: "user.update",
          target: user.username,
          result: "ok",
          detail: { role: body.role, disabled: body.disabled, passwordChanged: body.password !== undefined },
        });
        return ok(user);
      } catch (err) {
        return accountFailure(r.updateUser, err);
      }
    }),

    implement(r.deleteUser, async ({ params: { id }, actor }) => {
      try {
        deps.endSockets(await deps.accounts.deleteUser(id));
        await deps.audit({ actor, action: "user.delete", target: id, result: "ok" });
        return ok({ ok: true as const });
      } catch (err) {
        return accountFailure(r.deleteUser, err);
      }
    }),

    implement(r.listTokens, async () => ok({ tokens: await deps.accounts.listTokens() })),

    implement(r.createToken, async ({ body, actor }) => {
      const owner = await deps.accounts.findUser(body.username);
      if (!owner) return fail("NOT_FOUND", { message: `no user named ${body.username}` });
      const expiresAt = body.expiresInDays ? new Date(now() + body.expiresInDays * 86_400_000) : null;
      let created: Awaited<ReturnType<Accounts["createToken"]>>;
      try {
        created = await deps.accounts.createToken({ userId: owner.id, name: body.name, role: body.role, expiresAt });
      } catch (err) {
        return accountFailure(r.createToken, err);
      }
      const { token, view } = created;
      await deps.audit({
        actor,
        action: "token.create",
        target: `${view.username}/${view.name}`,
        result: "ok",
        detail: { role: view.role, tokenId: view.id },
      });
      // The only time the secret is shown.
      return ok({ ...view, token });
    }),

    implement(r.revokeToken, async ({ params: { id }, actor }) => {
      try {
        const view = await deps.accounts.revokeToken(id, now());
        await deps.audit({
          actor,
          action: "token.revoke",
          target: `${view.username}/${view.name}`,
          result: "ok",
          detail: { tokenId: view.id },
        });
        return ok(view);
      } catch (err) {
        return accountFailure(r.revokeToken, err);
      }
    }),
  ];
}
