import { afterAll, describe, expect, it, vi } from "vitest";
import type { Store } from "../store";
import type { OutgoingRecord } from "./publisher";
import { createRedriver, type RedriveRequest } from "./redrive";
import { createRedriveRepo } from "./redrive-repo";
import { createAuditLog } from "../audit/repo";
import { createDlqRepo } from "./repo";
import { deadLetter, freshStore, gate, quietLog, recordingPublisher } from "./test-support";

const stores: Store[] = [];
afterAll(async () => {
  for (const s of stores) await s.close();
});

async function setup(n: number, beforePublish?: (r: OutgoingRecord) => void | Promise<void>) {
  const store = await freshStore();
  stores.push(store);
  const repo = createDlqRepo(store.db);
  const redrives = createRedriveRepo(store.db);
  const publisher = recordingPublisher(beforePublish);
  const auditLog = createAuditLog(store.db);
  const redriver = createRedriver({ repo, audit: auditLog.audit, redrives, publisher, log: quietLog() });
  await repo.capture(Array.from({ length: n }, (_, i) => deadLetter(i)));
  return { repo, auditLog, redrives, publisher, redriver };
}
const req = (over: Partial<RedriveRequest> = {}): RedriveRequest => ({
  dltTopic: "orders.DLT",
  filter: {},
  ratePerSec: 1000,
  reason: "consumer fixed",
  ...over,
});
const replayIds = (rs: readonly OutgoingRecord[]) =>
  rs.map((r) => r.headers.findLast((h) => h.name === "sagascope-replay-id")?.value?.toString());
/** Waits for the redrive to end (the condition is polled; nothing sleeps a fixed time). */
const ended = (redriver: ReturnType<typeof createRedriver>, id: string) =>
  vi.waitFor(
    async () => {
      const v = await redriver.view(id);
      if (!v || v.state === "running") throw new Error(`redrive ${id} still running`);
      return v;
    },
    { timeout: 10_000, interval: 20 },
  );

describe("bulk redrive", () => {
  it("publishes every open record once, audits start and end, and leaves nothing to redrive", async () => {
    const { repo, auditLog, publisher, redriver } = await setup(5);
    const started = await redriver.start(req(), "ana");
    expect(started).toMatchObject({ ok: true, value: { total: 5, state: "running" } });
    if (!started.ok) return;
    const done = await ended(redriver, started.value.id);
    expect(done.state).toBe("completed");
    expect(done.counts).toEqual({ published: 5 });
    expect(done.results.map((r) => r.state)).toEqual(Array(5).fill("published"));
    expect(publisher.published.map((r) => r.key?.toString())).toEqual(["o-0", "o-1", "o-2", "o-3", "o-4"]);
    expect(new Set(replayIds(publisher.published)).size).toBe(5);
    expect(publisher.published.every((r) => r.topic === "orders")).toBe(true);
    const audit = (await auditLog.listAudit({ action: "redrive" })).reverse();
    expect(audit.map((a) => a.result)).toEqual(["requested", "ok"]);
    expect(JSON.parse(audit[1]!.detail)).toMatchObject({ state: "completed", counts: { published: 5 } });

    const again = await redriver.start(req({ reason: "again" }), "ana");
    expect(again).toMatchObject({ ok: true, value: { total: 0 } });
    expect(publisher.published).toHaveLength(5);
  });

  it("refuses a second redrive of the same topic while one runs (REDRIVE_RUNNING, retriable)", async () => {
    const held = gate();
    const { repo, auditLog, publisher, redriver } = await setup(2, () => held.wait());
    const first = await redriver.start(req(), "ana");
    await held.arrived;
    const second = await redriver.start(req({ reason: "impatient" }), "bob");
    expect(second).toMatchObject({
      ok: false,
      code: "REDRIVE_RUNNING",
      retriable: true,
      message: expect.stringContaining("orders.DLT"),
    });
    held.open();
    if (!first.ok) throw new Error("the first redrive did not start");
    expect((await ended(redriver, first.value.id)).counts).toEqual({ published: 2 });
    expect(publisher.published).toHaveLength(2);
    const refused = (await auditLog.listAudit({ action: "redrive" })).filter((a) => a.result === "refused");
    expect(refused.map((a) => [a.actor, (JSON.parse(a.detail) as { why: string }).why])).toEqual([
      ["bob", "REDRIVE_RUNNING"],
    ]);
  });

  it("does not take a record whose single retry is in flight, so it is never sent twice", async () => {
    const { repo, auditLog, publisher, redriver } = await setup(3);
    const busy = (await repo.get("orders.DLT/0/1"))!;
    await repo.beginReplay(busy, {
      id: "single-retry",
      targetTopic: "orders",
      operator: "ana",
      reason: "by hand",
      edited: false,
      value: null,
      headers: [],
    });
    const started = await redriver.start(req(), "bob");
    expect(started).toMatchObject({ ok: true, value: { total: 2 } });
    if (!started.ok) return;
    await ended(redriver, started.value.id);
    expect(publisher.published.map((r) => r.key?.toString())).toEqual(["o-0", "o-2"]);
  });

  it("cancels before the next send: what was sent stays sent, the rest fails as not sent and can be redriven", async () => {
    // One record every 10 s: the first goes at once, the cancel wakes the wait for the second.
    const { repo, auditLog, publisher, redriver } = await setup(3);
    const started = await redriver.start(req({ ratePerSec: 0.1 }), "ana");
    if (!started.ok) throw new Error("did not start");
    const id = started.value.id;
    await vi.waitFor(() => expect(publisher.published).toHaveLength(1), { timeout: 5000, interval: 10 });
    expect(await redriver.cancel(id, "ana")).toEqual({ ok: true, value: { id, state: "cancelled" } });
    const v = (await redriver.view(id))!;
    expect(v.state).toBe("cancelled");
    expect(v.counts).toEqual({ published: 1, failed: 2 });
    expect(v.results.filter((r) => r.state === "failed").map((r) => r.error)).toEqual([
      "cancelled before sending: not published",
      "cancelled before sending: not published",
    ]);
    expect((await repo.get("orders.DLT/0/2"))!.status).toBe("failed");
    expect(publisher.published).toHaveLength(1);

    expect(await redriver.cancel(id, "ana")).toEqual({
      ok: false,
      code: "REDRIVE_NOT_RUNNING",
      retriable: false,
      details: { state: "cancelled" },
    });
    expect(await redriver.cancel("no-such-redrive", "ana")).toEqual({ ok: false, code: "NOT_FOUND", retriable: false });

    const rest = await redriver.start(req({ filter: { status: "failed" }, reason: "the rest" }), "ana");
    expect(rest).toMatchObject({ ok: true, value: { total: 2 } });
    if (rest.ok) await ended(redriver, rest.value.id);
    expect(publisher.published.map((r) => r.key?.toString())).toEqual(["o-0", "o-1", "o-2"]);
  });

  it("fails a record that names no original topic without sending it, unless a target topic is given", async () => {
    const store = await freshStore();
    stores.push(store);
    const repo = createDlqRepo(store.db);
    const redrives = createRedriveRepo(store.db);
    const publisher = recordingPublisher();
    const redriver = createRedriver({
      repo,
      audit: createAuditLog(store.db).audit,
      redrives,
      publisher,
      log: quietLog(),
    });
    await repo.capture([deadLetter(0, null), deadLetter(1)]);
    const started = await redriver.start(req(), "ana");
    if (!started.ok) throw new Error("did not start");
    const v = await ended(redriver, started.value.id);
    expect(v.counts).toEqual({ published: 1, failed: 1 });
    expect(v.results.find((r) => r.deadLetterId === "orders.DLT/0/0")!.error).toMatch(/^NO_TARGET_TOPIC/);
    expect(publisher.published.map((r) => r.key?.toString())).toEqual(["o-1"]);

    const targeted = await redriver.start(req({ targetTopic: "orders-v2", reason: "to v2" }), "ana");
    if (targeted.ok) await ended(redriver, targeted.value.id);
    expect(publisher.published.map((r) => `${r.topic}:${r.key?.toString()}`)).toEqual(["orders:o-1", "orders-v2:o-0"]);
  });

  it("records a publish failure on the record and carries on with the next", async () => {
    const { redriver } = await setup(3, (r) => {
      if (r.key?.toString() === "o-1") throw new Error("NOT_LEADER_FOR_PARTITION");
    });
    const started = await redriver.start(req(), "ana");
    if (!started.ok) throw new Error("did not start");
    const v = await ended(redriver, started.value.id);
    expect(v.state).toBe("completed");
    expect(v.counts).toEqual({ published: 2, failed: 1 });
    expect(v.results.find((r) => r.deadLetterId === "orders.DLT/0/1")!.error).toBe("NOT_LEADER_FOR_PARTITION");
  });

  it("cancels running redrives on close: unsent records end failed", async () => {
    const { redriver } = await setup(4);
    const started = await redriver.start(req({ ratePerSec: 0.1 }), "ana");
    if (!started.ok) throw new Error("did not start");
    await redriver.close();
    const v = (await redriver.view(started.value.id))!;
    expect(v.state).toBe("cancelled");
    expect(v.counts.published).toBe(1);
    expect(v.counts.failed).toBe(3);
  });
});
