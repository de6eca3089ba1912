import type { FailingService } from "../contract";
import type { EventType, Service } from "./events";
import type { Rng } from "./orders";

/** Share of business failures per service step (each triggers compensations). */
export type Shares = Record<FailingService, number>;

/** How a total failure share (DEMO_FAILURE_SHARE) is spread over the steps that can fail. */
export const FAILURE_SPLIT: Shares = { "payment-service": 0.5, "inventory-service": 0.35, "shipping-service": 0.15 };
export const sharesFromTotal = (total: number): Shares => ({
  "payment-service": total * FAILURE_SPLIT["payment-service"],
  "inventory-service": total * FAILURE_SPLIT["inventory-service"],
  "shipping-service": total * FAILURE_SPLIT["shipping-service"],
});

export interface Reaction {
  service: Service;
  emit: EventType;
}

type Rule = (rng: Rng, s: Shares) => Reaction[];

const one = (service: Service, emit: EventType): Reaction[] => [{ service, emit }];
const chance = (rng: Rng, p: number) => rng() < p;

/**
 * The choreography: which service reacts to each event and what it emits.
 * Compensations undo completed steps in reverse: a shipment failure releases
 * stock, released stock or missing stock refunds the payment, and a refund or
 * a failed payment cancels the order. The notification service tells the
 * customer how it ended. The order service's payment deadline is not a rule
 * here: it acts on time, not on an event (server/demo/behaviour.ts).
 */
export const rules = {
  OrderCreated: (rng, s) =>
    one("payment-service", chance(rng, s["payment-service"]) ? "PaymentFailed" : "PaymentAuthorized"),
  PaymentAuthorized: (rng, s) =>
    one("inventory-service", chance(rng, s["inventory-service"]) ? "InventoryOutOfStock" : "InventoryReserved"),
  InventoryReserved: (rng, s) =>
    one("shipping-service", chance(rng, s["shipping-service"]) ? "ShipmentFailed" : "ShipmentScheduled"),
  ShipmentScheduled: () => one("order-service", "OrderCompleted"),
  OrderCompleted: () => one("notification-service", "CustomerNotified"),
  PaymentFailed: () => one("order-service", "OrderCancelled"),
  InventoryOutOfStock: () => one("payment-service", "PaymentRefunded"),
  ShipmentFailed: () => one("inventory-service", "InventoryReleased"),
  InventoryReleased: () => one("payment-service", "PaymentRefunded"),
  PaymentRefunded: () => one("order-service", "OrderCancelled"),
  OrderCancelled: () => one("notification-service", "CustomerNotified"),
  CustomerNotified: () => [],
  CustomerRegistered: () => [],
} satisfies Record<EventType, Rule>;

/** What `service` does when it sees `event` (nothing if the event is not for it). */
export function react(service: Service, event: EventType, rng: Rng, shares: Shares): EventType[] {
  return rules[event](rng, shares)
    .filter((r) => r.service === service)
    .map((r) => r.emit);
}

const none: Shares = { "payment-service": 0, "inventory-service": 0, "shipping-service": 0 };
const all: Shares = { "payment-service": 1, "inventory-service": 1, "shipping-service": 1 };

/** The event types a service must consume: its rules, plus what it keeps state from. */
export function consumedBy(service: Service): EventType[] {
  const byRule = (Object.keys(rules) as EventType[]).filter((e) =>
    [rules[e](() => 0, none), rules[e](() => 0, all)].flat().some((r) => r.service === service),
  );
  // The order service follows payments to clear its payment deadline; the
  // payment service learns registered customers.
  const extra: Partial<Record<Service, EventType[]>> = {
    "order-service": ["PaymentAuthorized"],
    "payment-service": ["CustomerRegistered"],
  };
  return [...byRule, ...(extra[service] ?? [])];
}
