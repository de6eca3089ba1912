import Database from "better-sqlite3";
import type { Migration, MigrationDb } from "./migrations";

/**
 * Switches to WAL. Two processes opening one fresh database at once can both
 * ask; SQLite answers the loser SQLITE_BUSY at once (the busy timeout does not
 * cover that lock), so it is asked again until `timeoutMs`. Sleeps with
 * Atomics.wait: this runs once per process start, before anything else.
 */
function walWhenFree(db: Database.Database, timeoutMs: number): void {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      db.pragma("journal_mode = WAL");
      return;
    } catch (err) {
      if ((err as { code?: string }).code !== "SQLITE_BUSY" || Date.now() > deadline) throw err;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
    }
  }
}

/** better-sqlite3 behind the migration runner. `BEGIN IMMEDIATE` takes SQLite's write lock at once. */
export function sqliteMigrationDb(file: string): MigrationDb & { close(): void } {
  const db = new Database(file, { timeout: 15_000 });
  walWhenFree(db, 15_000);
  return {
    provider: "sqlite",
    async exclusive(fn) {
      db.exec("BEGIN IMMEDIATE");
      try {
        const out = await fn();
        db.exec("COMMIT");
        return out;
      } catch (err) {
        db.exec("ROLLBACK");
        throw err;
      }
    },
    async exec(sql) {
      db.exec(sql);
    },
    async appliedNames() {
      const rows = db
        .prepare(
          `SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
        )
        .all() as Array<{ migration_name: string }>;
      return new Set(rows.map((r) => r.migration_name));
    },
    async apply(m: Migration, id: string) {
      // Already inside the exclusive transaction: the migration and its record commit together.
      db.exec(m.sql);
      db.prepare(
        `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, started_at, applied_steps_count) VALUES (?, ?, ?, ?, ?, 1)`,
      ).run(id, m.checksum, Date.now(), m.name, Date.now());
    },
    close: () => db.close(),
  };
}
