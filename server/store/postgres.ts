import pg from "pg";
import type { Migration, MigrationDb } from "./migrations";

/** The advisory lock key Prisma Migrate itself uses, so our runner and `prisma migrate` exclude each other. */
const PRISMA_MIGRATE_LOCK = 72707369;

/** node-postgres behind the migration runner; one dedicated connection holds the advisory lock. */
export async function postgresMigrationDb(connectionString: string): Promise<MigrationDb & { close(): Promise<void> }> {
  const client = new pg.Client({ connectionString, connectionTimeoutMillis: 10_000 });
  client.on("error", () => undefined); // reported through the failing query instead
  await client.connect();
  return {
    provider: "postgresql",
    async exclusive(fn) {
      await client.query("SELECT pg_advisory_lock($1)", [PRISMA_MIGRATE_LOCK]);
      try {
        return await fn();
      } finally {
        await client.query("SELECT pg_advisory_unlock($1)", [PRISMA_MIGRATE_LOCK]);
      }
    },
    async exec(sql) {
      await client.query(sql);
    },
    async appliedNames() {
      const r = await client.query<{ migration_name: string }>(
        `SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
      );
      return new Set(r.rows.map((row) => row.migration_name));
    },
    async apply(m: Migration, id: string) {
      await client.query("BEGIN");
      try {
        await client.query(m.sql);
        await client.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, started_at, applied_steps_count) VALUES ($1, $2, now(), $3, now(), 1)`,
          [id, m.checksum, m.name],
        );
        await client.query("COMMIT");
      } catch (err) {
        await client.query("ROLLBACK");
        throw err;
      }
    },
    close: () => client.end(),
  };
}
