import path from "node:path";
import type { Provider } from "./migrations";

export interface DatabaseTarget {
  provider: Provider;
  /** SQLite: absolute file path. PostgreSQL: the connection string. */
  location: string;
  /** Safe to log and show: no password. */
  display: string;
}

/** Reads DATABASE_URL: `postgres(ql)://…` selects PostgreSQL, `file:…` or nothing selects SQLite. */
export function resolveDatabase(databaseUrl: string | undefined, dataDir: string): DatabaseTarget {
  if (!databaseUrl) {
    const file = path.join(dataDir, "sagascope.db");
    return { provider: "sqlite", location: file, display: `file:${file}` };
  }
  if (/^postgres(ql)?:\/\//i.test(databaseUrl))
    return { provider: "postgresql", location: databaseUrl, display: redact(databaseUrl) };
  if (databaseUrl.startsWith("file:")) {
    const file = path.resolve(dataDir, databaseUrl.slice("file:".length).replace(/^\/\//, "").split("?")[0]!);
    return { provider: "sqlite", location: file, display: `file:${file}` };
  }
  throw Object.assign(
    new Error(`DATABASE_URL must start with file:, postgres:// or postgresql:// (got ${redact(databaseUrl)})`),
    { code: "CONFIG_INVALID" },
  );
}

/** Replaces the password in a URL-like string. */
export function redact(url: string): string {
  return url.replace(/(\/\/[^:/@]+:)[^@]*@/, "$1***@");
}
