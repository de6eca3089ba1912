// Accounts from the command line, against the same database the server uses
// (DATABASE_URL, else DATA_DIR's SQLite file). The first admin is made here:
//
//   npm run user -- add <name> --role viewer|operator|admin   password asked for (or --password-stdin)
//   npm run user -- list
//   npm run user -- set-role <name> <role>
//   npm run user -- reset-password <name>                     ends the user's sessions
//   npm run user -- disable <name> | enable <name>
//   npm run user -- token <name> <token-name> [--role r] [--days n]   prints the token once
import { createInterface } from "node:readline";
import { Writable } from "node:stream";
import { createAccounts, AccountError } from "../server/auth/accounts";
import { isRole, type Role } from "../server/auth/roles";
import { loadConfig } from "../server/config";
import { openStore } from "../server/store";

const usage = `usage: npm run user -- <command>
  add <name> --role viewer|operator|admin [--password-stdin]
  list
  set-role <name> <role>
  reset-password <name> [--password-stdin]
  disable <name> | enable <name>
  token <name> <token-name> [--role <role>] [--days <n>]`;

function flag(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

/** A password from stdin (piped: the first line) or typed without echo, twice. */
async function readPassword(args: string[]): Promise<string> {
  if (args.includes("--password-stdin") || !process.stdin.isTTY) {
    const chunks: Buffer[] = [];
    for await (const c of process.stdin) chunks.push(c as Buffer);
    return Buffer.concat(chunks).toString("utf8").split(/\r?\n/)[0] ?? "";
  }
  let muted = false;
  const out = new Writable({ write: (chunk, _enc, cb) => (muted || process.stdout.write(chunk), cb()) });
  const rl = createInterface({ input: process.stdin, output: out, terminal: true });
  const ask = (q: string) =>
    new Promise<string>((resolve) => {
      process.stdout.write(q);
      muted = true;
      rl.question("", (a) => {
        muted = false;
        process.stdout.write("\n");
        resolve(a);
      });
    });
  const a = await ask("Password: ");
  const b = await ask("Again: ");
  rl.close();
  if (a !== b) throw new Error("the passwords differ");
  return a;
}

async function main(): Promise<number> {
  const [cmd, ...args] = process.argv.slice(2);
  if (!cmd || cmd === "help" || cmd === "--help") {
    console.log(usage);
    return cmd ? 0 : 2;
  }
  const config = loadConfig();
  const store = await openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  const accounts = createAccounts(store.db, { sessionTtlMs: config.auth.sessionTtlMs });
  const byName = async (name: string | undefined) => {
    const u = name ? await accounts.findUser(name) : null;
    if (!u) throw new AccountError("NOT_FOUND", `no user named ${name ?? "(missing)"}`);
    return u;
  };
  const roleArg = (r: string | undefined, fallback?: Role): Role => {
    const role = r ?? fallback;
    if (!isRole(role)) throw new AccountError("INVALID_ROLE", "role must be viewer, operator or admin");
    return role;
  };
  try {
    switch (cmd) {
      case "add": {
        const name = args[0];
        if (!name || name.startsWith("--")) throw new Error(usage);
        const role = roleArg(flag(args, "--role"));
        const u = await accounts.createUser({ username: name, password: await readPassword(args), role });
        console.log(`created ${u.username} (${u.role})`);
        return 0;
      }
      case "list":
        for (const u of await accounts.listUsers())
          console.log(`${u.username}\t${u.role}\t${u.disabled ? "disabled" : "active"}\t${u.createdAt}`);
        return 0;
      case "set-role": {
        const u = await byName(args[0]);
        await accounts.updateUser(u.id, { role: roleArg(args[1]) });
        console.log(`${u.username} is now ${args[1]}; their sessions ended if that lowered their rights`);
        return 0;
      }
      case "reset-password": {
        const u = await byName(args[0]);
        await accounts.updateUser(u.id, { password: await readPassword(args) });
        console.log(`password of ${u.username} changed; their sessions ended`);
        return 0;
      }
      case "disable":
      case "enable": {
        const u = await byName(args[0]);
        await accounts.updateUser(u.id, { disabled: cmd === "disable" });
        console.log(`${u.username} ${cmd}d`);
        return 0;
      }
      case "token": {
        const u = await byName(args[0]);
        const name = args[1];
        if (!name || name.startsWith("--")) throw new Error(usage);
        const days = Number(flag(args, "--days") ?? 0);
        const { token, view } = await accounts.createToken({
          userId: u.id,
          name,
          role: roleArg(flag(args, "--role"), u.role),
          expiresAt: days > 0 ? new Date(Date.now() + days * 86_400_000) : null,
        });
        console.error(`token "${view.name}" for ${view.username} (${view.role}); it is shown only now:`);
        console.log(token);
        return 0;
      }
      default:
        console.error(usage);
        return 2;
    }
  } catch (err) {
    console.error(`error: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  } finally {
    await store.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`error: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
