import { describe, expect, it } from "vitest";
import { definitionFromFlow, FlowMiner } from "./discovery";

const run = (m: FlowMiner, id: string, types: string[], t0 = 0, step = 100) =>
  types.forEach((type, i) => {
    m.observe({ correlationId: id, type, timestamp: t0 + i * step, topic: "t" });
  });

describe("FlowMiner", () => {
  it("builds a directly-follows graph with counts, starts, ends and typical durations", () => {
    const m = new FlowMiner();
    for (let i = 0; i < 8; i++) run(m, `ok-${i}`, ["Created", "Paid", "Shipped"]);
    for (let i = 0; i < 2; i++) run(m, `bad-${i}`, ["Created", "PaymentFailed", "Cancelled"], 0, 300);
    const g = m.graph();
    expect(g.traces).toBe(10);
    expect(g.nodes.find((n) => n.type === "Created")).toMatchObject({ count: 10, starts: 10, ends: 0 });
    expect(g.nodes.find((n) => n.type === "Shipped")).toMatchObject({ ends: 8 });
    expect(g.edges[0]).toEqual({ from: "Created", to: "Paid", count: 8, p50Ms: 100, p95Ms: 100 });
    expect(g.edges.find((e) => e.to === "PaymentFailed")).toMatchObject({ count: 2, p50Ms: 300 });
  });

  it("follows a bounded number of traces", () => {
    const m = new FlowMiner(3);
    for (let i = 0; i < 10; i++) run(m, `t-${i}`, ["A"]);
    expect(m.graph().traces).toBe(3);
  });

  it("exports a valid starting definition with terminal states where traces end", () => {
    const m = new FlowMiner();
    for (let i = 0; i < 8; i++) run(m, `ok-${i}`, ["OrderCreated", "PaymentAuthorized", "OrderCompleted"]);
    for (let i = 0; i < 2; i++) run(m, `bad-${i}`, ["OrderCreated", "PaymentFailed", "OrderCancelled"]);
    const d = definitionFromFlow(m.graph(), {
      name: "orders-discovered",
      topics: ["orders"],
      correlation: ["headers.saga-id"],
      eventType: ["headers.event-type"],
    });
    expect(d.initial).toBe("start");
    expect(d.states["after-order-completed"]?.terminal).toBe("completed");
    expect(d.states["after-order-cancelled"]?.terminal).toBe("completed");
    expect(d.transitions).toContainEqual({
      from: "start",
      event: "OrderCreated",
      to: "after-order-created",
      compensation: false,
    });
    expect(d.transitions).toContainEqual({
      from: "after-order-created",
      event: "PaymentFailed",
      to: "after-payment-failed",
      compensation: false,
    });
  });
});
