// The demo system's own database (DEMO_DATABASE_URL, default demo.db in
// DATA_DIR). Its schema (prisma/demo/schema.prisma), generated clients
// (./generated/) and migrations (prisma/demo/{sqlite,postgres}/migrations) are
// apart from the dashboard's, so no dashboard database carries the shop's
// tables; the migration runner and the URL rules are the store's.
import path from "node:path";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { loadMigrations, migrationsDir, type Provider } from "../store/migrations";
import { openMigrated } from "../store/open";
import { resolveDatabase, type DatabaseTarget } from "../store/url";
import { PrismaClient as SqliteClient } from "./generated/sqlite/client";
import { PrismaClient as PostgresClient } from "./generated/postgres/client";

/** Both demo clients come from one model source, so their APIs are identical; the SQLite client's type stands for both. */
export type DemoDb = InstanceType<typeof SqliteClient>;

export interface DemoDatabase {
  provider: Provider;
  db: DemoDb;
  close(): Promise<void>;
}

const schemaDir = path.resolve(import.meta.dirname, "..", "..", "prisma", "demo");

/** The demo schema's committed migrations for one provider. */
export const demoMigrationsDir = (provider: Provider): string => migrationsDir(provider, schemaDir);

/** Where the demo keeps its rows: `url` (DEMO_DATABASE_URL) or `demo.db` in `dataDir`. */
export const demoDatabaseTarget = (url: string | undefined, dataDir: string): DatabaseTarget =>
  resolveDatabase(url || "file:demo.db", dataDir);

/**
 * Refuses a demo database that is the dashboard's own (DEMO_DATABASE_URL equal
 * to DATABASE_URL): the dashboard's migrations drop the demo's tables
 * (`*_drop_demo_tables`), so sharing one would break the demo for good.
 */
export function assertOwnDatabase(
  demoUrl: string | undefined,
  dashboardUrl: string | undefined,
  dataDir: string,
): void {
  const demo = demoDatabaseTarget(demoUrl, dataDir);
  if (demo.location !== resolveDatabase(dashboardUrl, dataDir).location) return;
  throw Object.assign(
    new Error(`DEMO_DATABASE_URL must name a database of its own, not the dashboard's (${demo.display})`),
    { code: "CONFIG_INVALID" },
  );
}

/** Opens the demo's database and applies the demo schema's pending migrations (StoreError on failure). */
export async function openDemoDatabase(opts: {
  url?: string;
  dataDir: string;
  log?: (msg: string, fields?: Record<string, unknown>) => void;
}): Promise<DemoDatabase> {
  const target = demoDatabaseTarget(opts.url, opts.dataDir);
  const db: DemoDb = await openMigrated(
    target,
    loadMigrations(demoMigrationsDir(target.provider)),
    (t) =>
      t.provider === "sqlite"
        ? new SqliteClient({ adapter: new PrismaBetterSqlite3({ url: `file:${t.location}` }) })
        : (new PostgresClient({ adapter: new PrismaPg({ connectionString: t.location }) }) as unknown as DemoDb),
    opts.log,
  );
  return { provider: target.provider, db, close: () => db.$disconnect() };
}
