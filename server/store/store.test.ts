import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openStore, StoreError } from "./index";
import { applyOnly, dropFreshDatabases, freshUrl, pgUrl, tableNames } from "./test-db";
import { loadMigrations, migrationsDir } from "./migrations";

if (!pgUrl)
  console.warn(
    "TEST_POSTGRES_URL is not set: the PostgreSQL store tests are SKIPPED (bash scripts/ci-postgres.sh sets one up)",
  );

afterAll(dropFreshDatabases);

/** Opens the store in a separate process (as a second server would), adds one record, prints the migration count. */
function openInChild(url: string): Promise<string> {
  const script = `import { openStore } from ${JSON.stringify(path.join(import.meta.dirname, "index.ts"))};
    const s = await openStore({ databaseUrl: process.env.U, dataDir: "/tmp" });
    await s.addTopicCounts([{ topic: "t", records: 1, bytes: 1, lastSeenAt: new Date(0) }]);
    const { loadMigrations, migrationsDir } = await import(${JSON.stringify(path.join(import.meta.dirname, "migrations.ts"))});
    console.log(String(loadMigrations(migrationsDir(s.provider)).length)); await s.close();`;
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ["--import", "tsx", "--input-type=module", "-e", script],
      { env: { ...process.env, U: url } },
      (err, stdout, stderr) => (err ? reject(new Error(stderr)) : resolve(stdout.trim())),
    );
  });
}

const dataDir = () => mkdtempSync(path.join(os.tmpdir(), "store-data-"));

for (const provider of ["sqlite", "postgresql"] as const) {
  describe.skipIf(provider === "postgresql" && !pgUrl)(`store on ${provider}`, () => {
    it("applies migrations and accumulates topic counts across flushes and reopen", async () => {
      const url = await freshUrl(provider);
      const store = await openStore({ databaseUrl: url, dataDir: dataDir() });
      expect(store.provider).toBe(provider);
      await store.addTopicCounts([{ topic: "orders", records: 2, bytes: 100, lastSeenAt: new Date(1000) }]);
      await store.addTopicCounts([
        { topic: "orders", records: 3, bytes: 50, lastSeenAt: new Date(2000) },
        { topic: "payments", records: 1, bytes: 7, lastSeenAt: new Date(1500) },
      ]);
      await store.close();

      const again = await openStore({ databaseUrl: url, dataDir: dataDir() });
      const big = 2 ** 40;
      await again.addTopicCounts([{ topic: "payments", records: big, bytes: big, lastSeenAt: new Date(3000) }]);
      const rows = await again.listTopicStats();
      expect(rows).toEqual([
        { topic: "orders", records: 5n, bytes: 150n, firstSeenAt: new Date(1000), lastSeenAt: new Date(2000) },
        {
          topic: "payments",
          records: BigInt(big) + 1n,
          bytes: BigInt(big) + 7n,
          firstSeenAt: new Date(1500),
          lastSeenAt: new Date(3000),
        },
      ]);
      await again.ping();
      await again.close();
    });

    it("accumulates throughput buckets, reads a range and prunes old ones", async () => {
      const store = await openStore({ databaseUrl: await freshUrl(provider), dataDir: dataDir() });
      await store.addThroughputBuckets([
        { scope: "orders", partition: -1, bucket: 1000, records: 5, bytes: 50 },
        { scope: "orders", partition: 0, bucket: 1000, records: 5, bytes: 50 },
        { scope: "orders", partition: -1, bucket: 1010, records: 1, bytes: 1 },
      ]);
      await store.addThroughputBuckets([{ scope: "orders", partition: -1, bucket: 1000, records: 2, bytes: 20 }]);
      expect(await store.throughputBuckets("orders", -1, 1000, 1020)).toEqual([
        { t: 1000, records: 7, bytes: 70 },
        { t: 1010, records: 1, bytes: 1 },
      ]);
      expect(await store.throughputBuckets("orders", -1, 1005, 1020)).toHaveLength(1);
      expect(await store.pruneThroughput(1010)).toBe(2);
      expect(await store.throughputBuckets("orders", 0, 0, 2000)).toEqual([]);
      await store.close();
    });

    it("drops the demo's tables that earlier versions created in every dashboard database", async () => {
      const url = await freshUrl(provider);
      const migrations = loadMigrations(migrationsDir(provider));
      const upToDemo = migrations.slice(0, migrations.findIndex((m) => m.name.endsWith("_demo_system")) + 1);
      expect(upToDemo.length).toBeGreaterThan(0);
      await applyOnly(url, upToDemo);
      expect(await tableNames(url)).toEqual(expect.arrayContaining(["DemoEntity", "DemoOutbox", "DemoProcessed"]));

      const store = await openStore({ databaseUrl: url, dataDir: dataDir() });
      await store.close();
      const tables = await tableNames(url);
      expect(tables.filter((t) => t.startsWith("Demo"))).toEqual([]);
      expect(tables).toEqual(expect.arrayContaining(["DeadLetter", "TopicStat", "User"]));
    });

    it("lets two servers (processes) start on one fresh database at the same time", async () => {
      const url = await freshUrl(provider);
      const [a, b] = await Promise.all([openInChild(url), openInChild(url)]);
      const committed = String(loadMigrations(migrationsDir(provider)).length);
      expect([a, b]).toEqual([committed, committed]);
      const store = await openStore({ databaseUrl: url, dataDir: dataDir() });
      expect((await store.listTopicStats()).map((r) => r.records)).toEqual([2n]);
      await store.close();
    }, 30_000); // two tsx processes starting: seconds on a busy 2-CPU machine
  });
}

describe.skipIf(!pgUrl)("unreachable database", () => {
  it("fails with DATABASE_UNREACHABLE and no password in the message", async () => {
    const u = new URL(pgUrl!);
    u.password = "wrong-secret-pw";
    u.port = "1"; // nothing listens there
    const err = await openStore({ databaseUrl: u.toString(), dataDir: dataDir() }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreError);
    expect((err as StoreError).code).toBe("DATABASE_UNREACHABLE");
    expect((err as StoreError).message).not.toContain("wrong-secret-pw");
  });
});

describe("unreachable SQLite location", () => {
  it("fails with a coded error", async () => {
    const notADir = path.join(dataDir(), "file");
    writeFileSync(notADir, "");
    const err = await openStore({ databaseUrl: `file:${notADir}/x.db`, dataDir: dataDir() }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreError);
    expect((err as StoreError).code).toBe("DATABASE_UNREACHABLE");
  });
});
