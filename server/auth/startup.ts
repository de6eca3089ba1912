import type { Config } from "../config";
import type { Logger } from "../log";
import type { Accounts } from "./accounts";
import { isLoopback } from "./origin";

export class AccessConfigError extends Error {
  readonly code = "CONFIG_INVALID";
}

/**
 * Before the server listens: create the bootstrap admin when asked to
 * (SAGASCOPE_ADMIN_USER, only if no user has that name: an existing
 * account's password is never reset from the environment), and refuse to
 * listen beyond loopback while nobody could sign in.
 */
export async function prepareAccess(
  config: Config,
  accounts: Accounts,
  log: Logger,
): Promise<{ loginRequired: boolean }> {
  const admin = config.auth.bootstrapAdmin;
  if (admin && !(await accounts.findUser(admin.username))) {
    await accounts.createUser({ username: admin.username, password: admin.password.reveal(), role: "admin" });
    log.info("admin account created from SAGASCOPE_ADMIN_USER", { username: admin.username });
  }
  const loginRequired = await accounts.loginRequired();
  if (!isLoopback(config.host) && !loginRequired) {
    throw new AccessConfigError(
      `Invalid configuration: HOST=${config.host} is not loopback and no account exists, so anyone reaching the port could read every topic and act on dead letters. Create an admin first (npm run user -- add <name> --role admin) or set SAGASCOPE_ADMIN_USER and SAGASCOPE_ADMIN_PASSWORD(_FILE), or keep HOST=127.0.0.1`,
    );
  }
  if (!loginRequired)
    log.warn(
      "no accounts: the dashboard is open to anyone on this machine (loopback only); create one with `npm run user -- add <name> --role admin`",
    );
  return { loginRequired };
}
