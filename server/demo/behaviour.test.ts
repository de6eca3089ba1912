import { describe, expect, it } from "vitest";
import {
  behaviour,
  parseOrder,
  paymentTimedOut,
  ProcessingError,
  type DecideContext,
  type Incoming,
} from "./behaviour";
import { newOrder } from "./orders";
import { backoffDelay, defaultRetry } from "./retry";
import { planSends } from "./outbox";

const never = { "payment-service": 0, "inventory-service": 0, "shipping-service": 0 };
const ctx = (state: Record<string, string> = {}, over: Partial<DecideContext> = {}): DecideContext => ({
  rng: () => 0.5,
  shares: never,
  now: new Date("2026-11-25T12:00:00Z"),
  read: async (id) => state[id] ?? null,
  ...over,
});
const incoming = (type: Incoming["type"], value: unknown = {}, sagaId = "o-1"): Incoming => ({
  type,
  sagaId,
  value: Buffer.from(typeof value === "string" ? value : JSON.stringify(value)),
  topic: "orders",
  offset: "7",
});
const order = (over: Record<string, unknown> = {}) => ({
  orderId: "o-1",
  customerId: "c-1",
  amount: 12.5,
  payBy: "2026-11-25T12:00:08Z",
  ...over,
});

describe("the demo services' behaviour", () => {
  it("authorises a valid order's payment and records it", async () => {
    const d = await behaviour["payment-service"](incoming("OrderCreated", order()), ctx());
    expect(d.entities).toEqual([{ id: "o-1", state: "authorized", dueAt: null }]);
    expect(d.emits).toMatchObject([
      {
        type: "PaymentAuthorized",
        payload: { orderId: "o-1", amount: 12.5, cause: { type: "OrderCreated", topic: "orders", offset: "7" } },
      },
    ]);
  });

  it("declines by the payment share, and does nothing for an order past its payment deadline", async () => {
    const declined = await behaviour["payment-service"](
      incoming("OrderCreated", order()),
      ctx({}, { shares: { ...never, "payment-service": 1 } }),
    );
    expect(declined.emits.map((e) => e.type)).toEqual(["PaymentFailed"]);
    const late = await behaviour["payment-service"](
      incoming("OrderCreated", order({ payBy: "2026-11-25T11:59:59Z" })),
      ctx(),
    );
    expect(late).toEqual({ entities: [{ id: "o-1", state: "expired" }], emits: [] });
  });

  it("rejects poison without retrying, and retries an unknown new customer until their profile is registered", async () => {
    const truncated = behaviour["payment-service"](incoming("OrderCreated", '{"orderId":"o-1","amo'), ctx());
    await expect(truncated).rejects.toMatchObject({
      causeFqcn: "com.fasterxml.jackson.core.io.JsonEOFException",
      retriable: false,
    });
    await expect(
      behaviour["payment-service"](incoming("OrderCreated", order({ amount: -3 })), ctx()),
    ).rejects.toMatchObject({ retriable: false, message: expect.stringContaining("amount") });
    const newbie = order({ customerId: "c-new-1", newCustomer: true });
    await expect(behaviour["payment-service"](incoming("OrderCreated", newbie), ctx())).rejects.toMatchObject({
      causeFqcn: "com.example.payments.UnknownCustomerException",
      retriable: true,
    });
    const registered = await behaviour["payment-service"](incoming("CustomerRegistered", {}, "c-new-1"), ctx());
    expect(registered.entities).toEqual([{ id: "customer:c-new-1", state: "registered" }]);
    const paid = await behaviour["payment-service"](
      incoming("OrderCreated", newbie),
      ctx({ "customer:c-new-1": "registered" }),
    );
    expect(paid.emits.map((e) => e.type)).toEqual(["PaymentAuthorized"]);
    expect(() => parseOrder(null)).toThrow(ProcessingError);
  });

  it("compensates in reverse: released stock and missing stock are refunded, refunds cancel the order", async () => {
    expect((await behaviour["payment-service"](incoming("InventoryReleased"), ctx())).emits.map((e) => e.type)).toEqual(
      ["PaymentRefunded"],
    );
    expect((await behaviour["payment-service"](incoming("InventoryOutOfStock"), ctx())).entities).toEqual([
      { id: "o-1", state: "refunded", dueAt: null },
    ]);
    expect((await behaviour["inventory-service"](incoming("ShipmentFailed"), ctx())).entities[0]!.state).toBe(
      "released",
    );
    const cancel = await behaviour["order-service"](incoming("PaymentRefunded"), ctx({ "o-1": "paid" }));
    expect(cancel.emits).toMatchObject([
      { type: "OrderCancelled", payload: { reason: "a later step failed; payment refunded" } },
    ]);
    expect(cancel.entities).toEqual([{ id: "o-1", state: "cancelled", dueAt: null }]);
  });

  it("the order service clears the deadline on payment and ignores late answers for an order it cancelled", async () => {
    expect(await behaviour["order-service"](incoming("PaymentAuthorized"), ctx({ "o-1": "awaiting-payment" }))).toEqual(
      { entities: [{ id: "o-1", state: "paid", dueAt: null }], emits: [] },
    );
    expect(await behaviour["order-service"](incoming("PaymentFailed"), ctx({ "o-1": "cancelled" }))).toEqual({
      entities: [],
      emits: [],
    });
    const t = paymentTimedOut("o-9", new Date(0));
    expect(t.entities).toEqual([{ id: "o-9", state: "cancelled", dueAt: null }]);
    expect(t.emits).toMatchObject([{ type: "OrderCancelled", payload: { reason: "payment timeout" } }]);
  });

  it("ships with a large compressed customs declaration now and then, and notifies the customer at the end", async () => {
    const big = await behaviour["shipping-service"](incoming("InventoryReserved"), ctx({}, { rng: () => 0 }));
    expect(big.emits[0]).toMatchObject({ type: "ShipmentScheduled", compress: true });
    const size = Buffer.byteLength(JSON.stringify(big.emits[0]!.payload));
    expect(size).toBeGreaterThan(200_000);
    expect(size).toBeLessThan(900_000);
    const small = await behaviour["shipping-service"](incoming("InventoryReserved"), ctx({}, { rng: () => 0.9 }));
    expect(small.emits[0]!.compress).toBeUndefined();
    const note = await behaviour["notification-service"](incoming("OrderCompleted"), ctx());
    expect(note.emits).toMatchObject([
      { type: "CustomerNotified", payload: { channel: "email", about: "OrderCompleted" } },
    ]);
  });

  it("gives new customers' first orders a longer deadline and a separate customer id", () => {
    const now = new Date(0);
    const o = newOrder(() => 0.3, now, {
      poison: false,
      newCustomer: true,
      paymentTimeoutMs: 8000,
      newCustomerTimeoutMs: 600_000,
    });
    expect(o.payBy.getTime()).toBe(600_000);
    expect(o.payload).toMatchObject({ newCustomer: true, customerId: expect.stringMatching(/^c-new-/) });
    expect(JSON.parse(o.value)).toEqual(o.payload);
    const poison = newOrder(() => 0.3, now, {
      poison: true,
      newCustomer: false,
      paymentTimeoutMs: 8000,
      newCustomerTimeoutMs: 600_000,
    });
    expect(() => parseOrder(Buffer.from(poison.value))).toThrow(ProcessingError);
  });
});

describe("retry backoff", () => {
  it("doubles up to the cap, with half of each delay random", () => {
    expect([1, 2, 3, 4, 5].map((n) => backoffDelay(n, defaultRetry, () => 1))).toEqual([200, 400, 800, 1600, 2000]);
    expect([1, 2, 3].map((n) => backoffDelay(n, defaultRetry, () => 0))).toEqual([100, 200, 400]);
  });
});

describe("outbox relay sends", () => {
  const row = (id: number, topic: string, compressed = false) => ({
    id,
    service: "s",
    topic,
    key: `k${id}`,
    value: Buffer.from(`v${id}`),
    headers: JSON.stringify({ "event-id": `e${id}` }),
    compressed,
  });
  it("keeps id order per topic, splits on compression, and doubles injected duplicates", () => {
    const sends = planSends([row(1, "a"), row(2, "b"), row(3, "a"), row(4, "a", true), row(5, "b")], (r) => r.id === 3);
    expect(sends.map((s) => s.compressed)).toEqual([false, true, false]);
    expect(sends[0]!.topicMessages.map((t) => [t.topic, t.messages.map((m) => m.key)])).toEqual([
      ["a", ["k1", "k3", "k3"]],
      ["b", ["k2"]],
    ]);
    expect(sends[0]!.topicMessages[0]!.messages[0]!.headers).toEqual({ "event-id": "e1" });
    expect(sends[1]!.topicMessages).toEqual([{ topic: "a", messages: [expect.objectContaining({ key: "k4" })] }]);
  });
});
