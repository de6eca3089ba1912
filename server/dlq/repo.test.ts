import os from "node:os";
import { mkdtempSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openStore, type Store } from "../store";
import { dropFreshDatabases, freshUrl, providers } from "../store/test-db";
import { createDlqRepo } from "./repo";

const stores: Store[] = [];
afterAll(async () => {
  for (const s of stores) await s.close();
  await dropFreshDatabases();
});

const int = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeInt32BE(n);
  return b;
};
const dead = (offset: number, extra: Array<{ name: string; value: Buffer | null }> = []) => ({
  topic: "orders.DLT",
  partition: 0,
  offset: String(offset),
  timestamp: 1_764_000_000_000 + offset,
  key: Buffer.from(`o-${offset}`),
  value: Buffer.from(JSON.stringify({ orderId: `o-${offset}` })),
  headers: [
    { name: "kafka_dlt-original-topic", value: Buffer.from(offset % 2 ? "orders" : "payments") },
    { name: "kafka_dlt-original-partition", value: int(1) },
    { name: "kafka_dlt-exception-fqcn", value: Buffer.from("java.lang.IllegalStateException") },
    { name: "kafka_dlt-exception-message", value: Buffer.from(offset % 2 ? "odd" : "even") },
    ...extra,
  ],
});

describe.each(providers())("dead-letter repository (%s)", (provider) => {
  const open = async () => {
    const store = await openStore({
      databaseUrl: await freshUrl(provider),
      dataDir: mkdtempSync(path.join(os.tmpdir(), "dlq-")),
    });
    stores.push(store);
    return createDlqRepo(store.db);
  };

  it("stores a record seen twice once, decoded, and lists it newest first with group counts", async () => {
    const repo = await open();
    await repo.capture([dead(1), dead(2), dead(3)]);
    await repo.capture([dead(3)]);
    const all = await repo.list({});
    expect(all.total).toBe(3);
    expect(all.rows.map((r) => r.id)).toEqual(["orders.DLT/0/3", "orders.DLT/0/2", "orders.DLT/0/1"]);
    expect(all.groups.originTopic).toEqual([
      { value: "orders", count: 2 },
      { value: "payments", count: 1 },
    ]);
    expect(all.groups.message).toEqual([
      { value: "odd", count: 2 },
      { value: "even", count: 1 },
    ]);
    expect((await repo.list({ originTopic: "payments" })).rows.map((r) => r.id)).toEqual(["orders.DLT/0/2"]);
    expect((await repo.list({ q: "even" })).total).toBe(1);
    const one = await repo.get("orders.DLT/0/1");
    expect(one?.status).toBe("new");
    expect(Buffer.from(one!.value!).toString()).toBe('{"orderId":"o-1"}');
  });

  it("keeps a record from a re-created topic that reuses an offset beside the old one", async () => {
    const repo = await open();
    await repo.capture([dead(5)]);
    await repo.capture([{ ...dead(5), timestamp: dead(5).timestamp + 60_000, value: Buffer.from("{}") }]);
    const ids = (await repo.list({})).rows.map((r) => r.id);
    expect(ids).toEqual([`orders.DLT/0/5@${dead(5).timestamp + 60_000}`, "orders.DLT/0/5"]);
  });

  it("lets exactly one of many concurrent attempts begin a replay", async () => {
    const repo = await open();
    await repo.capture([dead(7)]);
    const seen = (await repo.get("orders.DLT/0/7"))!;
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        repo.beginReplay(seen, {
          id: `r-${i}`,
          targetTopic: "orders",
          operator: "ana",
          reason: "fixed",
          edited: false,
          value: null,
          headers: [],
        }),
      ),
    );
    expect(results.filter((r) => r !== null)).toHaveLength(1);
    const after = (await repo.get("orders.DLT/0/7"))!;
    expect(after.status).toBe("retrying");
    expect(after.attempts).toBe(1);
    expect(after.replays).toHaveLength(1);

    const winner = results.find((r) => r !== null)!;
    await repo.finishReplay(winner.id, { state: "published", partition: 1, offset: "99" });
    const done = (await repo.get("orders.DLT/0/7"))!;
    expect(done.status).toBe("published");
    expect(done.replays[0]).toMatchObject({ state: "published", resultPartition: 1, resultOffset: "99" });
  });

  it("links a record that failed again to the dead letter it replayed", async () => {
    const repo = await open();
    await repo.capture([dead(4)]);
    const seen = (await repo.get("orders.DLT/0/4"))!;
    await repo.beginReplay(seen, {
      id: "replay-abc",
      targetTopic: "payments",
      operator: "ana",
      reason: "retry",
      edited: false,
      value: null,
      headers: [],
    });
    await repo.finishReplay("replay-abc", { state: "published", partition: 0, offset: "5" });
    await repo.capture([dead(9, [{ name: "sagascope-replay-id", value: Buffer.from("replay-abc") }])]);
    const again = (await repo.get("orders.DLT/0/9"))!;
    expect(again.previousId).toBe("orders.DLT/0/4");
    expect(again.replayId).toBe("replay-abc");
  });

  it("fails attempts a crash interrupted and discards only open records", async () => {
    const repo = await open();
    await repo.capture([dead(1), dead(2)]);
    const seen = (await repo.get("orders.DLT/0/1"))!;
    await repo.beginReplay(seen, {
      id: "r-crash",
      targetTopic: "orders",
      operator: "ana",
      reason: "x",
      edited: false,
      value: null,
      headers: [],
    });
    expect(await repo.failInterrupted()).toBe(1);
    const failed = (await repo.get("orders.DLT/0/1"))!;
    expect(failed.status).toBe("failed");
    expect(failed.replays[0]!.error).toMatch(/outcome unknown/);

    expect(await repo.discard({ id: "orders.DLT/0/2", status: "new" }, "duplicate order")).toBe(true);
    expect(await repo.discard({ id: "orders.DLT/0/2", status: "new" }, "again")).toBe(false);
    expect((await repo.get("orders.DLT/0/2"))!.resolvedReason).toBe("duplicate order");
  });
});
