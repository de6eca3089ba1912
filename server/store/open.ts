import { mkdirSync } from "node:fs";
import path from "node:path";
import { migrate, type Migration } from "./migrations";
import { postgresMigrationDb } from "./postgres";
import { sqliteMigrationDb } from "./sqlite";
import type { DatabaseTarget } from "./url";

export class StoreError extends Error {
  readonly retriable = true;
  constructor(
    readonly code: "DATABASE_UNREACHABLE" | "MIGRATION_FAILED",
    message: string,
  ) {
    super(message);
  }
}

/**
 * Applies the migrations `target` has not recorded yet, then returns the
 * client `connect` makes. The dashboard's store and the demo's database both
 * open this way, each with its own schema and migration history.
 */
export async function openMigrated<C>(
  target: DatabaseTarget,
  migrations: readonly Migration[],
  connect: (target: DatabaseTarget) => C,
  log?: (msg: string, fields?: Record<string, unknown>) => void,
): Promise<C> {
  // Failures before the first migration statement mean the database could not be reached or opened.
  let phase: "connect" | "migrate" = "connect";
  try {
    if (target.provider === "sqlite") {
      mkdirSync(path.dirname(target.location), { recursive: true });
      const db = sqliteMigrationDb(target.location);
      try {
        phase = "migrate";
        const applied = await migrate(db, migrations);
        if (applied.length) log?.("migrations applied", { database: target.display, applied });
      } finally {
        db.close();
      }
    } else {
      const db = await postgresMigrationDb(target.location);
      try {
        phase = "migrate";
        const applied = await migrate(db, migrations);
        if (applied.length) log?.("migrations applied", { database: target.display, applied });
      } finally {
        await db.close();
      }
    }
    return connect(target);
  } catch (err) {
    const e = err as { message?: string };
    // The driver's message never contains the password; the URL we add is redacted.
    throw new StoreError(
      phase === "connect" ? "DATABASE_UNREACHABLE" : "MIGRATION_FAILED",
      `${target.display}: ${e.message ?? String(err)}`,
    );
  }
}
