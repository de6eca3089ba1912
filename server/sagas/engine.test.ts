import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseDefinition, type SagaDefinition } from "./definition";
import { applyEvent, checkStuck, isStuck, newInstance, stepDurations, type SagaEvent } from "./engine";

// The demo's own definition, as shipped (sagas/order.json).
const file = path.join(import.meta.dirname, "../../sagas/order.json");
const parsed = parseDefinition(file, readFileSync(file, "utf8"));
if (!parsed.ok) throw new Error(JSON.stringify(parsed.broken));
const def: SagaDefinition = parsed.definition;

let offset = 0;
const ev = (type: string, timestamp: number, over: Partial<SagaEvent> = {}): SagaEvent => ({
  correlationId: "o-1",
  type,
  eventId: `id-${offset}`,
  topic: "orders",
  partition: 0,
  offset: String(offset++),
  timestamp,
  ...over,
});

describe("saga engine on the order saga", () => {
  it("follows the happy path to completed, with step durations", () => {
    const i = newInstance(def, "o-1", 1000);
    for (const [t, at] of [
      ["OrderCreated", 1000],
      ["PaymentAuthorized", 1200],
      ["InventoryReserved", 1500],
      ["ShipmentScheduled", 2000],
      ["OrderCompleted", 2100],
    ] as const) {
      expect(applyEvent(def, i, ev(t, at))).toEqual({ applied: true, anomaly: null });
    }
    expect(i.state).toBe("completed");
    expect(i.terminal).toBe("completed");
    expect(stepDurations(i).map((d) => [d.state, d.to === null ? null : d.to - d.from])).toEqual([
      ["created", 200],
      ["paid", 300],
      ["reserved", 500],
      ["shipped", 100],
      ["completed", 0],
    ]);
  });

  it("marks compensation steps and ends compensated", () => {
    const i = newInstance(def, "o-1", 0);
    for (const t of [
      "OrderCreated",
      "PaymentAuthorized",
      "InventoryReserved",
      "ShipmentFailed",
      "InventoryReleased",
      "PaymentRefunded",
      "OrderCancelled",
    ])
      applyEvent(def, i, ev(t, 10));
    expect(i.terminal).toBe("compensated");
    expect(i.history.filter((h) => h.compensation).map((h) => h.type)).toEqual([
      "ShipmentFailed",
      "InventoryReleased",
      "PaymentRefunded",
      "OrderCancelled",
    ]);
  });

  it("flags an event not allowed in the current state and keeps the state", () => {
    const i = newInstance(def, "o-1", 0);
    applyEvent(def, i, ev("OrderCreated", 1));
    const r = applyEvent(def, i, ev("ShipmentScheduled", 2));
    expect(r.applied).toBe(false);
    expect(r.anomaly).toMatchObject({ kind: "invalid-transition" });
    expect(r.anomaly!.message).toContain("allowed: PaymentAuthorized, PaymentFailed");
    expect(i.state).toBe("created");
  });

  it("flags a duplicate event id at another offset, and ignores a re-read of the same record", () => {
    const i = newInstance(def, "o-1", 0);
    const created = ev("OrderCreated", 1, { eventId: "e-1" });
    applyEvent(def, i, created);
    expect(applyEvent(def, i, { ...created })).toEqual({ applied: false, anomaly: null });
    const again = applyEvent(def, i, ev("OrderCreated", 1, { eventId: "e-1" }));
    expect(again.anomaly).toMatchObject({ kind: "duplicate" });
    expect(i.anomalies).toHaveLength(1);
  });

  it("flags an out-of-order event but applies an allowed transition", () => {
    const i = newInstance(def, "o-1", 100);
    applyEvent(def, i, ev("OrderCreated", 100));
    applyEvent(def, i, ev("PaymentAuthorized", 300));
    const r = applyEvent(def, i, ev("InventoryReserved", 200, { partition: 1 }));
    expect(r).toMatchObject({ applied: true, anomaly: { kind: "out-of-order" } });
    expect(i.state).toBe("reserved");
  });

  it("applies events that arrived before their predecessor once it comes, withdrawing the invalid-transition flags", () => {
    const i = newInstance(def, "o-1", 0);
    applyEvent(def, i, ev("OrderCreated", 100, { topic: "orders" }));
    applyEvent(def, i, ev("PaymentAuthorized", 200, { topic: "payments" }));
    // A backlog read topic by topic: payments' refund and the orders' cancel before inventory's out-of-stock.
    expect(applyEvent(def, i, ev("PaymentRefunded", 400, { topic: "payments" })).anomaly).toMatchObject({
      kind: "invalid-transition",
    });
    applyEvent(def, i, ev("OrderCancelled", 500, { topic: "orders" }));
    const r = applyEvent(def, i, ev("InventoryOutOfStock", 300, { topic: "inventory" }));
    expect(i.state).toBe("compensated");
    expect(r.unparked?.withdrawn.map((a) => a.kind)).toEqual(["invalid-transition", "invalid-transition"]);
    expect(i.anomalies).toEqual([]);
    expect(i.history.map((h) => [h.type, h.refused])).toEqual([
      ["OrderCreated", null],
      ["PaymentAuthorized", null],
      ["InventoryOutOfStock", null],
      ["PaymentRefunded", null],
      ["OrderCancelled", null],
    ]);
    expect(i.parked).toEqual([]);
  });

  it("flags stuck once per state visit, with a fake clock", () => {
    const i = newInstance(def, "o-1", 0);
    applyEvent(def, i, ev("OrderCreated", 1000));
    expect(checkStuck(def, i, 10_999)).toBeNull(); // created: 10 s timeout
    expect(checkStuck(def, i, 11_001)).toMatchObject({ kind: "stuck" });
    expect(checkStuck(def, i, 20_000)).toBeNull();
    expect(isStuck(i)).toBe(true);
    applyEvent(def, i, ev("PaymentAuthorized", 21_000));
    expect(isStuck(i)).toBe(false);
  });
});
