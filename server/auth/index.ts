import type { IncomingHttpHeaders } from "node:http";
import type { Audit } from "../audit/repo";
import type { Capability } from "../capability";
import type { Config } from "../config";
import type { Logger } from "../log";
import type { Db } from "../store";
import { createAccounts } from "./accounts";
import { authApi } from "./api";
import { identify, type Principal } from "./gate";
import { LoginLimiter } from "./login-limiter";
import { clientAddress, isLoopback } from "./origin";
import { prepareAccess } from "./startup";

export type RequestFacts = { method: string; headers: IncomingHttpHeaders; remoteAddress?: string };

/**
 * Accounts, sessions and API tokens: who is calling (for the HTTP edge and
 * the socket hub) and the /api/auth and /api/admin routes. On loopback
 * without accounts every caller is the open operator.
 */
export async function authCapability(deps: {
  db: Db;
  config: Config;
  log: Logger;
  audit: Audit;
  endSockets: (sessionIds: string[]) => void;
}) {
  const { config, log } = deps;
  const accounts = createAccounts(deps.db, { sessionTtlMs: config.auth.sessionTtlMs });
  await prepareAccess(config, accounts, log);
  const loopback = isLoopback(config.host);
  const loginRequired = async () => !loopback || (await accounts.loginRequired());
  const identifyDeps = {
    loginRequired,
    session: (secret: string) => accounts.session(secret),
    token: (token: string) => accounts.token(token),
    operatorToken: config.operatorToken,
    loopback,
  };
  let pruneTimer: NodeJS.Timeout | undefined;
  return {
    name: "auth",
    identify: (req: RequestFacts) => identify(req, identifyDeps),
    /** Whether pages need a login (accounts exist or the server is not on loopback). */
    pagesNeedLogin: loginRequired,
    clientAddress: (req: Omit<RequestFacts, "method">) => clientAddress(req, config.auth.trustProxy),
    /** Whether a connected principal is still valid (session not ended or expired, token not revoked). */
    stillValid: async (p: Principal) => {
      if (p.kind === "session") return accounts.sessionAlive(p.sessionId);
      if (p.kind === "token") return accounts.tokenAlive(p.tokenId);
      if (p.kind === "open") return !(await loginRequired());
      return true;
    },
    routes: authApi({
      accounts,
      limiter: new LoginLimiter(),
      audit: deps.audit,
      cookieSecure: config.auth.cookieSecure,
      sessionTtlMs: config.auth.sessionTtlMs,
      endSockets: deps.endSockets,
    }),
    start: () => {
      pruneTimer = setInterval(
        () => accounts.pruneSessions().catch((err: unknown) => log.warn("could not prune expired sessions", { err })),
        60_000,
      );
    },
    stop: () => clearInterval(pruneTimer),
  } satisfies Capability & Record<string, unknown>;
}
