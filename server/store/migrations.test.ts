import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadMigrations, migrate, migrationsDir, type Migration, type MigrationDb } from "./migrations";

/** An in-memory MigrationDb that records what the runner does. */
function fakeDb(applied: string[] = []) {
  const log: string[] = [];
  let locked = false;
  const db: MigrationDb = {
    provider: "sqlite",
    async exclusive(fn) {
      expect(locked).toBe(false);
      locked = true;
      try {
        return await fn();
      } finally {
        locked = false;
      }
    },
    async exec() {
      log.push("ensure-table");
    },
    async appliedNames() {
      return new Set(applied);
    },
    async apply(m, id) {
      expect(locked).toBe(true);
      log.push(`apply ${m.name} ${id}`);
      applied.push(m.name);
    },
  };
  return { db, log };
}

const m = (name: string): Migration => ({ name, sql: "", checksum: "" });

describe("migrate", () => {
  it("applies pending migrations in order under the lock, once", async () => {
    const { db, log } = fakeDb(["001_a"]);
    let n = 0;
    expect(await migrate(db, [m("001_a"), m("002_b"), m("003_c")], () => `id${++n}`)).toEqual(["002_b", "003_c"]);
    expect(log).toEqual(["ensure-table", "apply 002_b id1", "apply 003_c id2"]);
    expect(await migrate(db, [m("001_a"), m("002_b"), m("003_c")])).toEqual([]);
  });
});

describe("committed migrations", () => {
  it("exist for both providers with the same names, and checksums like Prisma's", () => {
    const sqlite = loadMigrations(migrationsDir("sqlite"));
    const postgres = loadMigrations(migrationsDir("postgresql"));
    expect(sqlite.length).toBeGreaterThan(0);
    expect(sqlite.map((x) => x.name)).toEqual(postgres.map((x) => x.name));
    expect(sqlite[0]!.checksum).toMatch(/^[0-9a-f]{64}$/);
  });

  it("match prisma/schema.prisma (no model change without a migration)", () => {
    const root = path.resolve(import.meta.dirname, "..", "..");
    const r = spawnSync(process.execPath, [path.join(root, "scripts", "prisma-migrations.mjs"), "check"], { encoding: "utf8" });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
  });
});
