import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadMigrations, migrationsDir } from "../store/migrations";
import { applyOnly, dropFreshDatabases, freshUrl, providers, sql, tableNames } from "../store/test-db";
import { assertOwnDatabase, demoMigrationsDir, openDemoDatabase } from "./db";
import { writeOutbox } from "./outbox";

afterAll(dropFreshDatabases);

const dataDir = () => mkdtempSync(path.join(os.tmpdir(), "demo-db-"));
const row = {
  service: "order-service" as const,
  topic: "orders",
  key: "o-1",
  value: Buffer.from("{}"),
  headers: { "event-type": "OrderCreated" },
};

describe.each(providers())("the demo's own database (%s)", (provider) => {
  it("gets the demo's tables from the demo's migrations, and none of the dashboard's", async () => {
    const url = await freshUrl(provider);
    const logged: unknown[] = [];
    const demo = await openDemoDatabase({
      url,
      dataDir: dataDir(),
      log: (msg, fields) => logged.push([msg, fields?.applied]),
    });
    expect(demo.provider).toBe(provider);
    await writeOutbox(demo.db, [row]);
    expect((await demo.db.demoOutbox.findMany()).map((r) => [r.key, r.sentAt])).toEqual([["o-1", null]]);
    await demo.close();
    expect(await tableNames(url)).toEqual(["DemoEntity", "DemoOutbox", "DemoProcessed", "_prisma_migrations"]);
    expect(logged).toEqual([["migrations applied", loadMigrations(demoMigrationsDir(provider)).map((m) => m.name)]]);

    const again = await openDemoDatabase({ url, dataDir: dataDir(), log: (msg) => logged.push(msg) });
    expect(await again.db.demoOutbox.count()).toBe(1);
    await again.close();
    expect(logged).toHaveLength(1);
  });

  it("adopts a demo database made by an earlier version (through the dashboard's migrations), keeping its rows", async () => {
    const url = await freshUrl(provider);
    const product = loadMigrations(migrationsDir(provider));
    await applyOnly(url, product.slice(0, product.findIndex((m) => m.name.endsWith("_demo_system")) + 1));
    await sql(url, `INSERT INTO "DemoProcessed" ("service", "eventId") VALUES ('order-service', 'e-1')`);

    const demo = await openDemoDatabase({ url, dataDir: dataDir() });
    expect(await demo.db.demoProcessed.findMany({ select: { service: true, eventId: true } })).toEqual([
      { service: "order-service", eventId: "e-1" },
    ]);
    await writeOutbox(demo.db, [row]);
    expect(await demo.db.demoOutbox.count()).toBe(1);
    await demo.close();
  });
});

describe("the demo database's location", () => {
  it("defaults to demo.db in the data dir, apart from the dashboard's sagascope.db", async () => {
    const dir = dataDir();
    const demo = await openDemoDatabase({ dataDir: dir });
    await demo.close();
    expect(await tableNames(`file:${path.join(dir, "demo.db")}`)).toContain("DemoOutbox");
  });

  it("must not be the dashboard's (whose migrations drop the demo's tables)", () => {
    expect(() => assertOwnDatabase(undefined, undefined, "/d")).not.toThrow();
    expect(() => assertOwnDatabase("file:./x.db", "file:/d/x.db", "/d")).toThrow(/its own/);
    expect(() => assertOwnDatabase("postgresql://u:pw@h/db", "postgresql://u:pw@h/db", "/d")).toThrow(
      /postgresql:\/\/u:\*\*\*@h\/db/,
    );
    expect(() => assertOwnDatabase("postgresql://u:pw@h/demo", "postgresql://u:pw@h/db", "/d")).not.toThrow();
  });
});
