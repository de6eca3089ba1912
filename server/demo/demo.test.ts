import { seeded } from "./seeded";
import { describe, expect, it } from "vitest";
import { EventTypes, TERMINAL, eventHeaders, traceIdOf, traceparent, type EventType } from "./events";
import { orderPayload, poisonValue } from "./orders";
import { consumedBy, react, rules, sharesFromTotal } from "./rules";
import { springDltHeaders } from "./spring-dlt";

/** Follows one saga through the rules until the customer is notified. */
function runSaga(rng: () => number, failure: number): EventType[] {
  const seen: EventType[] = ["OrderCreated"];
  for (let i = 0; i < 20; i++) {
    const next = rules[seen.at(-1)!](rng, sharesFromTotal(failure));
    if (next.length === 0) {
      expect(seen.at(-1)).toBe("CustomerNotified");
      return seen.slice(0, -1);
    }
    seen.push(next[0]!.emit);
  }
  throw new Error("saga did not end");
}

describe("order saga rules", () => {
  it("ends every saga in a terminal event", () => {
    const rng = seeded(1);
    for (let i = 0; i < 2000; i++) expect(TERMINAL.has(runSaga(rng, 0.5).at(-1)!)).toBe(true);
  });

  it("fails roughly the configured share of sagas, with compensations", () => {
    const rng = seeded(7);
    const paths = Array.from({ length: 5000 }, () => runSaga(rng, 0.2));
    const cancelled = paths.filter((p) => p.at(-1) === "OrderCancelled");
    expect(cancelled.length / paths.length).toBeGreaterThan(0.17);
    expect(cancelled.length / paths.length).toBeLessThan(0.23);
    expect(
      paths.some(
        (p) => p.join() === "OrderCreated,PaymentAuthorized,InventoryOutOfStock,PaymentRefunded,OrderCancelled",
      ),
    ).toBe(true);
    expect(paths.some((p) => p.includes("InventoryReleased"))).toBe(true);
  });

  it("never fails with a zero failure share", () => {
    const rng = seeded(3);
    for (let i = 0; i < 500; i++) expect(runSaga(rng, 0).at(-1)).toBe("OrderCompleted");
  });

  it("routes each event to exactly the service that reacts to it", () => {
    expect(react("payment-service", "OrderCreated", () => 0.99, sharesFromTotal(0.1))).toEqual(["PaymentAuthorized"]);
    expect(react("inventory-service", "OrderCreated", () => 0.99, sharesFromTotal(0.1))).toEqual([]);
    expect(consumedBy("payment-service").sort()).toEqual([
      "CustomerRegistered",
      "InventoryOutOfStock",
      "InventoryReleased",
      "OrderCreated",
    ]);
    expect(consumedBy("order-service").sort()).toEqual([
      "PaymentAuthorized",
      "PaymentFailed",
      "PaymentRefunded",
      "ShipmentScheduled",
    ]);
    expect(consumedBy("notification-service").sort()).toEqual(["OrderCancelled", "OrderCompleted"]);
    // Every event but the last one (the notification) is consumed by some service.
    const all = new Set<EventType>(EventTypes);
    all.delete("CustomerNotified");
    const consumed = new Set(
      (
        ["order-service", "payment-service", "inventory-service", "shipping-service", "notification-service"] as const
      ).flatMap(consumedBy),
    );
    expect(consumed).toEqual(all);
  });

  it("fails each service's step by its own share", () => {
    const rng = seeded(5);
    const only = { "payment-service": 0, "inventory-service": 1, "shipping-service": 0 };
    for (let i = 0; i < 100; i++) {
      expect(rules.OrderCreated(rng, only)[0]!.emit).toBe("PaymentAuthorized");
      expect(rules.PaymentAuthorized(rng, only)[0]!.emit).toBe("InventoryOutOfStock");
      expect(rules.InventoryReserved(rng, only)[0]!.emit).toBe("ShipmentScheduled");
    }
  });
});

describe("headers", () => {
  it("writes W3C traceparent with the saga's trace id and a new span per hop", () => {
    const trace = "4bf92f3577b34da6a3ce929d0e0e4736";
    const a = eventHeaders(
      { type: "OrderCreated", sagaId: "o-1", traceId: trace, payload: {} },
      "order-service",
      "id-1",
    );
    const b = eventHeaders(
      { type: "PaymentAuthorized", sagaId: "o-1", traceId: trace, payload: {} },
      "payment-service",
      "id-2",
    );
    expect(a.traceparent).toMatch(/^00-4bf92f3577b34da6a3ce929d0e0e4736-[0-9a-f]{16}-01$/);
    expect(traceIdOf(a.traceparent)).toBe(trace);
    expect(traceIdOf(b.traceparent)).toBe(trace);
    expect(a.traceparent).not.toBe(b.traceparent);
    expect(a).toMatchObject({
      "saga-id": "o-1",
      "event-type": "OrderCreated",
      "event-id": "id-1",
      ce_id: "id-1",
      ce_specversion: "1.0",
    });
    expect(traceIdOf(traceparent("x"))).toBeNull();
  });

  it("encodes Spring dead-letter coordinates as big-endian binary", () => {
    const h = springDltHeaders({
      topic: "orders",
      partition: 3,
      offset: "42",
      timestamp: "1700000000000",
      consumerGroup: "demo-payment-service",
      exceptionFqcn: "org.springframework.kafka.listener.ListenerExecutionFailedException",
      causeFqcn: "com.fasterxml.jackson.core.JsonParseException",
      message: "Unexpected end-of-input",
      stacktrace: "trace",
    });
    expect([...h["kafka_dlt-original-partition"]!]).toEqual([0, 0, 0, 3]);
    expect([...h["kafka_dlt-original-offset"]!]).toEqual([0, 0, 0, 0, 0, 0, 0, 42]);
    expect(h["kafka_dlt-original-timestamp"]!.readBigInt64BE()).toBe(1700000000000n);
    expect(h["kafka_dlt-original-topic"]!.toString()).toBe("orders");
    expect(h["kafka_dlt-exception-message"]!.toString()).toBe("Unexpected end-of-input");
  });
});

describe("order payloads", () => {
  it("builds consistent amounts and poison that the payment service must reject", () => {
    const rng = seeded(11);
    const o = orderPayload("o-abc123", rng, new Date(0)) as {
      items: Array<{ qty: number; price: number }>;
      amount: number;
    };
    expect(o.amount).toBeCloseTo(
      o.items.reduce((s, i) => s + i.qty * i.price, 0),
      2,
    );
    for (let i = 0; i < 50; i++) {
      const p = poisonValue("o-x", rng, new Date(0));
      let bad = false;
      try {
        bad = (JSON.parse(p) as { amount: number }).amount <= 0;
      } catch {
        bad = true;
      }
      expect(bad).toBe(true);
    }
  });
});
