import { createHash, randomBytes, randomUUID } from "node:crypto";
import type { DemoServiceName } from "../contract";

/** Every event the demo's order saga produces, in the order a happy path meets them, then compensations. */
export const EventTypes = [
  "OrderCreated",
  "PaymentAuthorized",
  "InventoryReserved",
  "ShipmentScheduled",
  "OrderCompleted",
  "PaymentFailed",
  "InventoryOutOfStock",
  "ShipmentFailed",
  "InventoryReleased",
  "PaymentRefunded",
  "OrderCancelled",
  "CustomerNotified",
  "CustomerRegistered",
] as const;
export type EventType = (typeof EventTypes)[number];
export const isEventType = (v: unknown): v is EventType =>
  typeof v === "string" && (EventTypes as readonly string[]).includes(v);

/** The choreography's services; each runs its own consumer group. */
export const Services = [
  "order-service",
  "payment-service",
  "inventory-service",
  "shipping-service",
  "notification-service",
] as const satisfies readonly DemoServiceName[];
export type Service = (typeof Services)[number];

/** Base topic names; the demo adds its prefix. */
export const Topics = {
  orders: "orders",
  payments: "payments",
  inventory: "inventory",
  shipping: "shipping",
  notifications: "notifications",
  customers: "customers",
  ordersDlt: "orders.DLT",
  paymentsDlt: "payments.DLT",
  inventoryDlt: "inventory.DLT",
  shippingDlt: "shipping.DLT",
} as const;
export type TopicName = (typeof Topics)[keyof typeof Topics];

/** Which topic each event type is published to (its producing service's topic). */
export const topicOf = {
  OrderCreated: "orders",
  OrderCompleted: "orders",
  OrderCancelled: "orders",
  PaymentAuthorized: "payments",
  PaymentFailed: "payments",
  PaymentRefunded: "payments",
  InventoryReserved: "inventory",
  InventoryOutOfStock: "inventory",
  InventoryReleased: "inventory",
  ShipmentScheduled: "shipping",
  ShipmentFailed: "shipping",
  CustomerNotified: "notifications",
  CustomerRegistered: "customers",
} as const satisfies Record<EventType, TopicName>;

export const TERMINAL: ReadonlySet<EventType> = new Set(["OrderCompleted", "OrderCancelled"]);

/** W3C trace context: `00-<trace id>-<span id>-01`. One trace per saga, a new span per hop. */
export function traceparent(traceId: string, spanId: string = randomBytes(8).toString("hex")): string {
  return `00-${traceId}-${spanId}-01`;
}
export const newTraceId = () => randomBytes(16).toString("hex");
/** An order's trace id, derived from its id so the order service can continue the trace when it acts on a timer. */
export const orderTraceId = (orderId: string) =>
  createHash("sha256").update(`sagascope-demo-trace:${orderId}`).digest("hex").slice(0, 32);
export function traceIdOf(header: string | undefined): string | null {
  const m = header?.match(/^00-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}$/);
  return m?.[1] ?? null;
}

export interface DemoEvent {
  type: EventType;
  sagaId: string;
  traceId: string;
  payload: Record<string, unknown>;
}

/** Kafka headers every demo event carries, CloudEvents binary-mode names included. */
export function eventHeaders(
  e: DemoEvent,
  source: DemoServiceName,
  eventId: string = randomUUID(),
): Record<string, string> {
  return {
    "saga-id": e.sagaId,
    "event-type": e.type,
    "event-id": eventId,
    traceparent: traceparent(e.traceId),
    "content-type": "application/json",
    ce_id: eventId,
    ce_type: `com.sagascope.demo.${e.type}`,
    ce_source: `/demo/${source}`,
    ce_specversion: "1.0",
  };
}
