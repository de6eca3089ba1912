import { createHash, randomUUID } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";

export type Provider = "sqlite" | "postgresql";

export interface Migration {
  name: string;
  sql: string;
  /** sha256 of migration.sql, as Prisma records it. */
  checksum: string;
}

/** The database operations the runner needs; one small adapter per driver. */
export interface MigrationDb {
  provider: Provider;
  /** Runs `fn` while holding a lock that excludes other migrators of the same database. */
  exclusive<T>(fn: () => Promise<T>): Promise<T>;
  exec(sql: string): Promise<void>;
  appliedNames(): Promise<Set<string>>;
  /** Applies one migration and records it in `_prisma_migrations`, atomically. */
  apply(m: Migration, id: string): Promise<void>;
}

const root = path.resolve(import.meta.dirname, "..", "..");

/** A schema's committed migrations for one provider; `schemaDir` holds the schema source (the product's by default). */
export function migrationsDir(provider: Provider, schemaDir: string = path.join(root, "prisma")): string {
  return path.join(schemaDir, provider === "sqlite" ? "sqlite" : "postgres", "migrations");
}

/** The committed migrations, oldest first (folder names start with a timestamp). */
export function loadMigrations(dir: string): Migration[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(path.join(dir, d.name, "migration.sql")))
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

/** Prisma's own bookkeeping table, so `prisma migrate status` reads our history. */
export const prismaMigrationsTable: Record<Provider, string> = {
  sqlite: `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id" TEXT PRIMARY KEY NOT NULL, "checksum" TEXT NOT NULL, "finished_at" DATETIME,
    "migration_name" TEXT NOT NULL, "logs" TEXT, "rolled_back_at" DATETIME,
    "started_at" DATETIME NOT NULL DEFAULT current_timestamp, "applied_steps_count" INTEGER UNSIGNED NOT NULL DEFAULT 0)`,
  postgresql: `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id" VARCHAR(36) PRIMARY KEY NOT NULL, "checksum" VARCHAR(64) NOT NULL, "finished_at" TIMESTAMPTZ,
    "migration_name" VARCHAR(255) NOT NULL, "logs" TEXT, "rolled_back_at" TIMESTAMPTZ,
    "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(), "applied_steps_count" INTEGER NOT NULL DEFAULT 0)`,
};

/**
 * Applies the migrations the database has not recorded yet, in order, under
 * an exclusive lock so two servers starting together apply each one once.
 * Returns the names applied now.
 */
export async function migrate(
  db: MigrationDb,
  migrations: readonly Migration[],
  newId: () => string = randomUUID,
): Promise<string[]> {
  return db.exclusive(async () => {
    await db.exec(prismaMigrationsTable[db.provider]);
    const done = await db.appliedNames();
    const applied: string[] = [];
    for (const m of migrations) {
      if (done.has(m.name)) continue;
      await db.apply(m, newId());
      applied.push(m.name);
    }
    return applied;
  });
}
