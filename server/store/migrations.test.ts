import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
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

const root = path.resolve(import.meta.dirname, "..", "..");

describe.each([
  ["product", path.join(root, "prisma")],
  ["demo", path.join(root, "prisma", "demo")],
])("committed %s migrations", (_, schemaDir) => {
  it("exist for both providers with the same names, and checksums like Prisma's", () => {
    const sqlite = loadMigrations(migrationsDir("sqlite", schemaDir));
    const postgres = loadMigrations(migrationsDir("postgresql", schemaDir));
    expect(sqlite.length).toBeGreaterThan(0);
    expect(sqlite.map((x) => x.name)).toEqual(postgres.map((x) => x.name));
    expect(sqlite[0]!.checksum).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe("committed migrations", () => {
  it("keep the demo's tables out of the product's schema and in the demo's", () => {
    const tables = (file: string) =>
      [...readFileSync(path.join(root, file), "utf8").matchAll(/^model (\w+)/gm)].map((m) => m[1]);
    expect(tables("prisma/schema.prisma").filter((t) => t!.startsWith("Demo"))).toEqual([]);
    expect(tables("prisma/demo/schema.prisma")).toEqual(["DemoOutbox", "DemoProcessed", "DemoEntity"]);
  });

  it("match prisma/schema.prisma and prisma/demo/schema.prisma (no model change without a migration)", () => {
    const r = spawnSync(process.execPath, [path.join(root, "scripts", "prisma-migrations.mjs"), "check"], {
      encoding: "utf8",
    });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
  });
});
