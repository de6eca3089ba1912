import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseDefinition } from "./definition";
import type { SagaRecord } from "./extract";
import { SagaRegistry } from "./registry";

const file = path.join(import.meta.dirname, "../../sagas/order.json");
const parsed = parseDefinition(file, readFileSync(file, "utf8"));
if (!parsed.ok) throw new Error("order.json is broken");
const def = parsed.definition;

let offset = 0;
const rec = (saga: string, type: string, ts: number, topic = "orders"): SagaRecord => ({
  topic,
  partition: 0,
  offset: String(offset++),
  timestamp: ts,
  key: Buffer.from(saga),
  value: Buffer.from("{}"),
  headers: [
    { name: "saga-id", value: Buffer.from(saga) },
    { name: "event-type", value: Buffer.from(type) },
    { name: "event-id", value: Buffer.from(`e-${offset}`) },
  ],
});
const happy = ["OrderCreated", "PaymentAuthorized", "InventoryReserved", "ShipmentScheduled", "OrderCompleted"];
const refunded = ["OrderCreated", "PaymentAuthorized", "InventoryOutOfStock", "PaymentRefunded", "OrderCancelled"];

describe("SagaRegistry", () => {
  it("finds the instances a record's content belongs to, without coordinates and without applying it", () => {
    const r = new SagaRegistry([def], { maxLive: 1000, retainFinished: 1000 });
    r.ingest(rec("linked-1", "OrderCreated", 1000));
    const { topic, key, value, headers } = rec("linked-1", "PaymentAuthorized", 2000, "payments");
    expect(r.instancesFor({ topic, key, value, headers })).toEqual([
      { saga: "order", id: "linked-1", state: "created" },
    ]);
    expect(r.instancesFor({ topic: "unrelated", key, value, headers })).toEqual([]);
    expect(r.instancesFor({ topic, key: Buffer.from("nobody"), value, headers: [] })).toEqual([]);
    expect(r.instance("order", "linked-1")!.state).toBe("created");
  });

  it("summarises instances by state, outcome rates, durations and stuck ones", () => {
    const r = new SagaRegistry([def], { maxLive: 1000, retainFinished: 1000 });
    for (let i = 0; i < 8; i++) for (const [k, t] of happy.entries()) r.ingest(rec(`h-${i}`, t, 1000 + k * 100));
    for (let i = 0; i < 2; i++) for (const [k, t] of refunded.entries()) r.ingest(rec(`c-${i}`, t, 1000 + k * 1000));
    r.ingest(rec("stuck-1", "OrderCreated", 1000));
    r.ingest(rec("no-type", "", 1000));
    expect(r.tick(60_000)).toBe(1);
    const s = r.summary("order")!;
    expect(s.live).toBe(1);
    expect(s.byState).toMatchObject({ created: 1, completed: 8, compensated: 2 });
    expect(s.rates.completed).toBeCloseTo(0.8);
    expect(s.rates.compensated).toBeCloseTo(0.2);
    expect(s.durationMs).toEqual({ p50: 400, p95: 4000 });
    expect(s.stuck).toBe(1);
    expect(s.unreadable).toBe(1);
    expect(r.instances("order", { anomaly: "stuck" })!.map((i) => i.id)).toEqual(["stuck-1"]);
    expect(
      r
        .instances("order", { state: "compensated" })!
        .map((i) => i.id)
        .sort(),
    ).toEqual(["c-0", "c-1"]);
    expect(r.instances("order", { q: "h-7" })!.map((i) => i.id)).toEqual(["h-7"]);
  });

  it("stays within its limits: evicts the oldest live and finished instances and keeps the counts", () => {
    const r = new SagaRegistry([def], { maxLive: 100, retainFinished: 50 });
    for (let i = 0; i < 300; i++) for (const [k, t] of happy.entries()) r.ingest(rec(`h-${i}`, t, 1000 + k));
    for (let i = 0; i < 150; i++) r.ingest(rec(`l-${i}`, "OrderCreated", 2000));
    const s = r.summary("order")!;
    expect(s.finished.completed).toBe(300);
    expect(s.byState.completed).toBe(50);
    expect(s.live).toBe(100);
    expect(s.evictedLive).toBe(50);
    expect(r.instance("order", "l-0")).toBeNull();
    expect(r.instance("order", "l-149")?.state).toBe("created");
  });
});
