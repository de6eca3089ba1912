import { createHash, randomBytes, randomUUID } from "node:crypto";
import type { Db } from "../store";
import { decoyHash, hashPassword, passwordProblem, verifyPassword } from "./passwords";
import type { TokenView, UserView } from "../contract";
import { isRole, weaker, type Role } from "./roles";

export type { TokenView, UserView };

/** A signed-in browser. */
export interface SessionPrincipal {
  kind: "session";
  sessionId: string;
  userId: string;
  username: string;
  role: Role;
  csrfToken: string;
}

/** Automation with an API token. */
export interface TokenPrincipal {
  kind: "token";
  tokenId: string;
  tokenName: string;
  userId: string;
  username: string;
  role: Role;
}

export class AccountError extends Error {
  constructor(
    readonly code:
      | "INVALID_USERNAME"
      | "WEAK_PASSWORD"
      | "USERNAME_TAKEN"
      | "NOT_FOUND"
      | "LAST_ADMIN"
      | "INVALID_ROLE"
      | "CONFLICT",
    message: string,
  ) {
    super(message);
  }
}

const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");
/** Token format: a recognisable prefix (secret scanners) and 32 random bytes. */
const TOKEN_PREFIX = "ssc_";
export const USERNAME_RE = /^[a-zA-Z0-9][a-zA-Z0-9._@-]{0,63}$/;

const userView = (u: { id: string; username: string; role: string; disabled: boolean; createdAt: Date }): UserView => ({
  id: u.id,
  username: u.username,
  role: isRole(u.role) ? u.role : "viewer",
  disabled: u.disabled,
  createdAt: u.createdAt.toISOString(),
});

/**
 * Users, sessions and API tokens in the database. Secrets (session cookies,
 * tokens) are random and only their sha256 is stored; passwords are argon2id.
 */
export function createAccounts(db: Db, opts: { sessionTtlMs: number }) {
  /**
   * Whether anyone can sign in: when true, every page and route needs a login.
   * Re-read every few seconds, so a user added by `npm run user` while the
   * server runs ends open mode without a restart.
   */
  let usersExist: { value: boolean; at: number } | null = null;

  const refreshUsersExist = async () => {
    usersExist = { value: (await db.user.count({ where: { disabled: false } })) > 0, at: Date.now() };
    return usersExist.value;
  };

  /**
   * Runs a write that may remove an admin, and undoes it when no enabled admin
   * is left. Write-then-count in one serializable transaction, so two admins
   * demoting each other at once cannot both succeed: one conflicts (409).
   */
  const keepingAnAdmin = async <T>(write: (tx: Db) => Promise<T>): Promise<T> => {
    try {
      return await db.$transaction(
        async (tx) => {
          const out = await write(tx as unknown as Db);
          if ((await tx.user.count({ where: { role: "admin", disabled: false } })) === 0)
            throw new AccountError("LAST_ADMIN", "the last enabled admin cannot be demoted, disabled or deleted");
          return out;
        },
        { isolationLevel: "Serializable" },
      );
    } catch (err) {
      if ((err as { code?: string }).code === "P2034")
        throw new AccountError("CONFLICT", "another change to the accounts ran at the same moment; try again");
      throw err;
    }
  };

  return {
    async loginRequired(): Promise<boolean> {
      if (usersExist && (usersExist.value || Date.now() - usersExist.at < 3000)) return usersExist.value;
      return refreshUsersExist();
    },

    async createUser(input: { username: string; password: string; role: Role }): Promise<UserView> {
      if (!USERNAME_RE.test(input.username))
        throw new AccountError("INVALID_USERNAME", "user names are 1–64 letters, digits, '.', '_', '@' or '-'");
      if (!isRole(input.role)) throw new AccountError("INVALID_ROLE", "role must be viewer, operator or admin");
      const problem = passwordProblem(input.password, input.username);
      if (problem) throw new AccountError("WEAK_PASSWORD", `the password ${problem}`);
      const passwordHash = await hashPassword(input.password);
      try {
        const u = await db.user.create({
          data: { id: randomUUID(), username: input.username, passwordHash, role: input.role },
        });
        await refreshUsersExist();
        return userView(u);
      } catch (err) {
        if ((err as { code?: string }).code === "P2002")
          throw new AccountError("USERNAME_TAKEN", `a user named ${input.username} exists`);
        throw err;
      }
    },

    async listUsers(): Promise<UserView[]> {
      return (await db.user.findMany({ orderBy: { username: "asc" } })).map(userView);
    },

    async findUser(username: string): Promise<UserView | null> {
      const u = await db.user.findUnique({ where: { username } });
      return u ? userView(u) : null;
    },

    /** Role, disabled flag or password; ends the user's sessions when access shrinks. Returns the sessions ended. */
    async updateUser(
      id: string,
      change: { role?: Role; disabled?: boolean; password?: string },
    ): Promise<{ user: UserView; endedSessions: string[] }> {
      const u = await db.user.findUnique({ where: { id } });
      if (!u) throw new AccountError("NOT_FOUND", "no such user");
      if (change.role !== undefined && !isRole(change.role))
        throw new AccountError("INVALID_ROLE", "role must be viewer, operator or admin");
      let passwordHash: string | undefined;
      if (change.password !== undefined) {
        const problem = passwordProblem(change.password, u.username);
        if (problem) throw new AccountError("WEAK_PASSWORD", `the password ${problem}`);
        passwordHash = await hashPassword(change.password);
      }
      const mayRemoveAdmin = (change.role !== undefined && change.role !== "admin") || change.disabled === true;
      const write = (c: Db) =>
        c.user.update({ where: { id }, data: { role: change.role, disabled: change.disabled, passwordHash } });
      const updated = mayRemoveAdmin ? await keepingAnAdmin(write) : await write(db);
      // Fewer rights, or a new password: every open session of this user ends (tokens keep their own cap).
      const shrinks =
        (change.role !== undefined && weaker(change.role, u.role as Role) !== u.role) ||
        change.disabled === true ||
        passwordHash !== undefined;
      const ended = shrinks ? await this.endSessionsOf(id) : [];
      await refreshUsersExist();
      return { user: userView(updated), endedSessions: ended };
    },

    async deleteUser(id: string): Promise<string[]> {
      const u = await db.user.findUnique({ where: { id } });
      if (!u) throw new AccountError("NOT_FOUND", "no such user");
      const sessions = await db.session.findMany({ where: { userId: id }, select: { id: true } });
      await keepingAnAdmin((c) => c.user.delete({ where: { id } })); // sessions and tokens go with it (cascade)
      const ended = sessions.map((r) => r.id);
      await refreshUsersExist();
      return ended;
    },

    async endSessionsOf(userId: string): Promise<string[]> {
      const rows = await db.session.findMany({ where: { userId }, select: { id: true } });
      await db.session.deleteMany({ where: { userId } });
      return rows.map((r) => r.id);
    },

    /** Checks a password; the same work is done for unknown and disabled users. */
    async checkPassword(username: string, password: string): Promise<UserView | null> {
      const u = await db.user.findUnique({ where: { username } });
      const ok = await verifyPassword(password, u?.passwordHash ?? (await decoyHash()));
      return u && ok && !u.disabled ? userView(u) : null;
    },

    /** A new session: the cookie secret (given to the browser once) and its principal. */
    async startSession(
      user: UserView,
      now = Date.now(),
    ): Promise<{ secret: string; principal: SessionPrincipal; expiresAt: Date }> {
      const secret = randomBytes(32).toString("base64url");
      const csrfToken = randomBytes(24).toString("base64url");
      const expiresAt = new Date(now + opts.sessionTtlMs);
      const id = sha256(secret);
      await db.session.create({ data: { id, userId: user.id, csrfToken, expiresAt } });
      return {
        secret,
        expiresAt,
        principal: {
          kind: "session",
          sessionId: id,
          userId: user.id,
          username: user.username,
          role: user.role,
          csrfToken,
        },
      };
    },

    async session(secret: string, now = Date.now()): Promise<SessionPrincipal | null> {
      if (!secret || secret.length > 200) return null;
      const id = sha256(secret);
      const s = await db.session.findUnique({ where: { id }, include: { user: true } });
      if (!s || s.user.disabled || !isRole(s.user.role)) return null;
      if (s.expiresAt.getTime() <= now) {
        await db.session.deleteMany({ where: { id } });
        return null;
      }
      // lastSeenAt is informational; write it at most once a minute.
      if (now - s.lastSeenAt.getTime() > 60_000)
        await db.session.update({ where: { id }, data: { lastSeenAt: new Date(now) } }).catch(() => undefined);
      return {
        kind: "session",
        sessionId: id,
        userId: s.userId,
        username: s.user.username,
        role: s.user.role,
        csrfToken: s.csrfToken,
      };
    },

    /** For connected browsers: the session still exists, has not expired and its user is enabled. */
    async sessionAlive(sessionId: string, now = Date.now()): Promise<boolean> {
      const s = await db.session.findUnique({ where: { id: sessionId }, include: { user: true } });
      return !!s && !s.user.disabled && s.expiresAt.getTime() > now;
    },

    async tokenAlive(tokenId: string, now = Date.now()): Promise<boolean> {
      const t = await db.apiToken.findUnique({ where: { id: tokenId }, include: { user: true } });
      return !!t && !t.revokedAt && !t.user.disabled && (!t.expiresAt || t.expiresAt.getTime() > now);
    },

    async endSession(sessionId: string): Promise<void> {
      await db.session.deleteMany({ where: { id: sessionId } });
    },

    async pruneSessions(now = Date.now()): Promise<number> {
      return (await db.session.deleteMany({ where: { expiresAt: { lte: new Date(now) } } })).count;
    },

    /** A new API token for a user; the secret is returned here and never again. */
    async createToken(input: {
      userId: string;
      name: string;
      role: Role;
      expiresAt?: Date | null;
    }): Promise<{ token: string; view: TokenView }> {
      const owner = await db.user.findUnique({ where: { id: input.userId } });
      if (!owner) throw new AccountError("NOT_FOUND", "no such user");
      if (!isRole(input.role)) throw new AccountError("INVALID_ROLE", "role must be viewer, operator or admin");
      // Capped again at use; refused here so the list never shows a role the token cannot have.
      if (!isRole(owner.role) || weaker(input.role, owner.role) !== input.role)
        throw new AccountError(
          "INVALID_ROLE",
          `a token cannot have more rights than its owner (${owner.username} is ${owner.role})`,
        );
      const token = TOKEN_PREFIX + randomBytes(32).toString("base64url");
      const row = await db.apiToken.create({
        data: {
          id: randomUUID(),
          name: input.name.slice(0, 100),
          tokenHash: sha256(token),
          userId: owner.id,
          role: input.role,
          expiresAt: input.expiresAt ?? null,
        },
      });
      return { token, view: tokenView({ ...row, user: owner }) };
    },

    async listTokens(): Promise<TokenView[]> {
      return (await db.apiToken.findMany({ include: { user: true }, orderBy: { createdAt: "desc" } })).map(tokenView);
    },

    async revokeToken(id: string, now = Date.now()): Promise<TokenView> {
      const t = await db.apiToken.findUnique({ where: { id }, include: { user: true } });
      if (!t) throw new AccountError("NOT_FOUND", "no such token");
      const row = t.revokedAt
        ? t
        : await db.apiToken.update({ where: { id }, data: { revokedAt: new Date(now) }, include: { user: true } });
      return tokenView(row);
    },

    async token(token: string, now = Date.now()): Promise<TokenPrincipal | null> {
      if (!token.startsWith(TOKEN_PREFIX) || token.length > 200) return null;
      const t = await db.apiToken.findUnique({ where: { tokenHash: sha256(token) }, include: { user: true } });
      if (!t || t.revokedAt || t.user.disabled || !isRole(t.role) || !isRole(t.user.role)) return null;
      if (t.expiresAt && t.expiresAt.getTime() <= now) return null;
      if (!t.lastUsedAt || now - t.lastUsedAt.getTime() > 60_000)
        await db.apiToken.update({ where: { id: t.id }, data: { lastUsedAt: new Date(now) } }).catch(() => undefined);
      return {
        kind: "token",
        tokenId: t.id,
        tokenName: t.name,
        userId: t.userId,
        username: t.user.username,
        role: weaker(t.role, t.user.role),
      };
    },
  };
}

export type Accounts = ReturnType<typeof createAccounts>;

function tokenView(t: {
  id: string;
  name: string;
  role: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  expiresAt: Date | null;
  revokedAt: Date | null;
  user: { username: string };
}): TokenView {
  return {
    id: t.id,
    name: t.name,
    username: t.user.username,
    role: isRole(t.role) ? t.role : "viewer",
    createdAt: t.createdAt.toISOString(),
    lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
    expiresAt: t.expiresAt?.toISOString() ?? null,
    revokedAt: t.revokedAt?.toISOString() ?? null,
  };
}
