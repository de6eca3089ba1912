import type { EventType, Service } from "./events";
import { customsDeclaration, type Rng } from "./orders";
import { react, type Shares } from "./rules";

/** An event a service handles, already routed to it. */
export interface Incoming {
  type: EventType;
  sagaId: string;
  value: Buffer | null;
  topic: string;
  offset: string;
}

/** A change of the service's own state for one entity. */
export interface EntityWrite {
  id: string;
  state: string;
  dueAt?: Date | null;
}

/** An event the service emits, through its outbox. */
export interface Emit {
  type: EventType;
  payload: Record<string, unknown>;
  /** Published gzip-compressed (the large customs documents). */
  compress?: boolean;
  /** Not published before this time. */
  availableAt?: Date;
}

/** What handling one event does: all of it is written in one transaction. */
export interface Decision {
  entities: EntityWrite[];
  emits: Emit[];
}

export interface DecideContext {
  rng: Rng;
  shares: Shares;
  now: Date;
  /** The service's current state of an entity, read inside the transaction. */
  read: (id: string) => Promise<string | null>;
}

/**
 * Processing failed. `retriable` failures (a flaky dependency) are retried
 * with backoff; the others fail the same way every time, so the retries run
 * out and the record is dead-lettered. Both carry the Java class a Spring
 * listener would report, for the dead-letter headers.
 */
export class ProcessingError extends Error {
  constructor(
    readonly causeFqcn: string,
    message: string,
    readonly retriable: boolean,
  ) {
    super(message);
  }
}

interface Order {
  orderId: string;
  customerId: string;
  newCustomer: boolean;
  amount: number;
  payBy: number | null;
}

/** The payment service's validation of an OrderCreated value; poison throws. */
export function parseOrder(value: Buffer | null): Order {
  let o: Record<string, unknown>;
  try {
    o = JSON.parse(value?.toString() ?? "") as Record<string, unknown>;
  } catch (e) {
    throw new ProcessingError(
      "com.fasterxml.jackson.core.io.JsonEOFException",
      `Unexpected end-of-input: ${(e as Error).message}`,
      false,
    );
  }
  if (typeof o.amount !== "number" || o.amount <= 0) {
    throw new ProcessingError(
      "jakarta.validation.ConstraintViolationException",
      `amount: must be greater than 0 (was ${String(o.amount)})`,
      false,
    );
  }
  return {
    orderId: String(o.orderId),
    customerId: String(o.customerId),
    newCustomer: o.newCustomer === true,
    amount: o.amount,
    payBy: typeof o.payBy === "string" ? Date.parse(o.payBy) : null,
  };
}

const nothing: Decision = { entities: [], emits: [] };
const step = (i: Incoming, type: EventType, extra: Record<string, unknown> = {}): Emit => ({
  type,
  payload: { orderId: i.sagaId, step: type, ...extra, cause: { type: i.type, topic: i.topic, offset: i.offset } },
});
/** The one reaction the choreography gives this service (rules.ts), with its state. */
function reacting(
  service: Service,
  i: Incoming,
  ctx: DecideContext,
  stateOf: (e: EventType) => string,
  extra: (e: EventType) => Partial<Emit> = () => ({}),
): Decision {
  const emits = react(service, i.type, ctx.rng, ctx.shares);
  return {
    entities: emits.map((e) => ({ id: i.sagaId, state: stateOf(e), dueAt: null })),
    emits: emits.map((e) => ({ ...step(i, e), ...extra(e) })),
  };
}

/** One in this many scheduled shipments carries a customs declaration of a few hundred KB. */
export const LARGE_SHIPMENT_EVERY = 15;

type Handler = (i: Incoming, ctx: DecideContext) => Promise<Decision>;

/**
 * Each service's business logic: given an event and the service's own state,
 * what it changes and what it emits. Pure apart from reading its own state.
 */
export const behaviour: Record<Service, Handler> = {
  async "payment-service"(i, ctx) {
    if (i.type === "CustomerRegistered")
      return { entities: [{ id: `customer:${i.sagaId}`, state: "registered" }], emits: [] };
    if (i.type === "OrderCreated") {
      const order = parseOrder(i.value);
      // The order service cancels unpaid orders at the deadline; charging one after it would need a refund.
      if (order.payBy !== null && order.payBy < ctx.now.getTime())
        return { entities: [{ id: i.sagaId, state: "expired" }], emits: [] };
      if (order.newCustomer && (await ctx.read(`customer:${order.customerId}`)) !== "registered") {
        throw new ProcessingError(
          "com.example.payments.UnknownCustomerException",
          `customer ${order.customerId} has no payment profile yet`,
          true,
        );
      }
      return reacting(
        "payment-service",
        i,
        ctx,
        (e) => (e === "PaymentAuthorized" ? "authorized" : "declined"),
        (e) => ({ payload: { ...step(i, e).payload, amount: order.amount } }),
      );
    }
    return reacting("payment-service", i, ctx, () => "refunded");
  },
  async "inventory-service"(i, ctx) {
    return reacting(
      "inventory-service",
      i,
      ctx,
      (e) => ({ InventoryReserved: "reserved", InventoryOutOfStock: "out-of-stock" })[e as string] ?? "released",
    );
  },
  async "shipping-service"(i, ctx) {
    return reacting(
      "shipping-service",
      i,
      ctx,
      (e) => (e === "ShipmentScheduled" ? "scheduled" : "failed"),
      (e) =>
        e === "ShipmentScheduled" && ctx.rng() < 1 / LARGE_SHIPMENT_EVERY
          ? {
              compress: true,
              payload: { ...step(i, e).payload, customsDeclaration: customsDeclaration(i.sagaId, ctx.rng) },
            }
          : {},
    );
  },
  async "order-service"(i, ctx) {
    const order = await ctx.read(i.sagaId);
    // An order cancelled at its payment deadline stays cancelled whatever answer comes late.
    if (order === "cancelled") return nothing;
    if (i.type === "PaymentAuthorized") return { entities: [{ id: i.sagaId, state: "paid", dueAt: null }], emits: [] };
    const reason =
      i.type === "PaymentFailed"
        ? "payment declined"
        : i.type === "PaymentRefunded"
          ? "a later step failed; payment refunded"
          : undefined;
    return reacting(
      "order-service",
      i,
      ctx,
      (e) => (e === "OrderCompleted" ? "completed" : "cancelled"),
      () => (reason ? { payload: { ...step(i, "OrderCancelled").payload, reason } } : {}),
    );
  },
  async "notification-service"(i, ctx) {
    return reacting(
      "notification-service",
      i,
      ctx,
      () => "notified",
      () => ({ payload: { ...step(i, "CustomerNotified").payload, channel: "email", about: i.type } }),
    );
  },
};

/** The order service's own move when a payment deadline passes with no answer: cancel the order (the compensation of creating it). */
export function paymentTimedOut(orderId: string, now: Date): Decision {
  return {
    entities: [{ id: orderId, state: "cancelled", dueAt: null }],
    emits: [
      {
        type: "OrderCancelled",
        payload: { orderId, step: "OrderCancelled", reason: "payment timeout", at: now.toISOString() },
      },
    ],
  };
}
