// Test support: a fresh database per test, SQLite or PostgreSQL (TEST_POSTGRES_URL).
import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { migrate, type Migration } from "./migrations";
import { postgresMigrationDb } from "./postgres";
import { sqliteMigrationDb } from "./sqlite";

export const pgUrl = process.env.TEST_POSTGRES_URL;
const created: string[] = [];

/** A fresh database: a SQLite file, or a new PostgreSQL database with a random name. */
export async function freshUrl(provider: "sqlite" | "postgresql"): Promise<string> {
  if (provider === "sqlite") return `file:${path.join(mkdtempSync(path.join(os.tmpdir(), "store-")), "t.db")}`;
  const name = `sagascope_t_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: pgUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  created.push(name);
  const u = new URL(pgUrl!);
  u.pathname = `/${name}`;
  return u.toString();
}

/** Drops the PostgreSQL databases `freshUrl` created; call from afterAll. */
export async function dropFreshDatabases(): Promise<void> {
  if (!pgUrl || created.length === 0) return;
  const admin = new pg.Client({ connectionString: pgUrl });
  await admin.connect();
  for (const name of created.splice(0)) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.end();
}

/** The providers to run a database test against: SQLite always, PostgreSQL when configured. */
export const providers = (): Array<"sqlite" | "postgresql"> => (pgUrl ? ["sqlite", "postgresql"] : ["sqlite"]);

const sqliteFile = (url: string) => url.slice("file:".length);

/** Applies exactly `migrations` to the database at `url` (a `freshUrl`), as an earlier version of the app would have. */
export async function applyOnly(url: string, migrations: readonly Migration[]): Promise<void> {
  if (url.startsWith("file:")) {
    const db = sqliteMigrationDb(sqliteFile(url));
    try {
      await migrate(db, migrations);
    } finally {
      db.close();
    }
    return;
  }
  const db = await postgresMigrationDb(url);
  try {
    await migrate(db, migrations);
  } finally {
    await db.close();
  }
}

/** Runs one SQL statement on the database at `url` (a `freshUrl`), outside any Prisma client; returns its rows. */
export async function sql(url: string, text: string): Promise<Array<Record<string, unknown>>> {
  if (url.startsWith("file:")) {
    const db = new Database(sqliteFile(url));
    try {
      const stmt = db.prepare(text);
      if (stmt.reader) return stmt.all() as Array<Record<string, unknown>>;
      stmt.run();
      return [];
    } finally {
      db.close();
    }
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text)).rows as Array<Record<string, unknown>>;
  } finally {
    await client.end();
  }
}

/** The tables in the database at `url` (a `freshUrl`), sorted; Prisma's `_prisma_migrations` included. */
export async function tableNames(url: string): Promise<string[]> {
  const rows = url.startsWith("file:")
    ? await sql(url, `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`)
    : await sql(url, `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public'`);
  return rows.map((r) => String(r.name)).sort();
}
