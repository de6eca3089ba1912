// Test support: a fresh database per test, SQLite or PostgreSQL (TEST_POSTGRES_URL).
import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";

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
