import type { EventType, Service } from "./events";
import type { Rng } from "./orders";

export interface Shares {
  /** Share of orders whose saga fails somewhere and is compensated. */
  failure: number;
}

/** How the failure share is spread over the steps that can fail. */
const FAILURE_SPLIT = { payment: 0.5, stock: 0.35, shipping: 0.15 } as const;

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
 * a failed payment cancels the order.
 */
export const rules = {
  OrderCreated: (rng, s) => one("payment-service", chance(rng, s.failure * FAILURE_SPLIT.payment) ? "PaymentFailed" : "PaymentAuthorized"),
  PaymentAuthorized: (rng, s) => one("inventory-service", chance(rng, s.failure * FAILURE_SPLIT.stock) ? "InventoryOutOfStock" : "InventoryReserved"),
  InventoryReserved: (rng, s) => one("shipping-service", chance(rng, s.failure * FAILURE_SPLIT.shipping) ? "ShipmentFailed" : "ShipmentScheduled"),
  ShipmentScheduled: () => one("order-service", "OrderCompleted"),
  OrderCompleted: () => [],
  PaymentFailed: () => one("order-service", "OrderCancelled"),
  InventoryOutOfStock: () => one("payment-service", "PaymentRefunded"),
  ShipmentFailed: () => one("inventory-service", "InventoryReleased"),
  InventoryReleased: () => one("payment-service", "PaymentRefunded"),
  PaymentRefunded: () => one("order-service", "OrderCancelled"),
  OrderCancelled: () => [],
} satisfies Record<EventType, Rule>;

/** What `service` does when it sees `event` (nothing if the event is not for it). */
export function react(service: Service, event: EventType, rng: Rng, shares: Shares): EventType[] {
  return rules[event](rng, shares)
    .filter((r) => r.service === service)
    .map((r) => r.emit);
}

/** The event types a service must consume. */
export function consumedBy(service: Service): EventType[] {
  const always = () => 0; // any value: only the reacting service matters here
  return (Object.keys(rules) as EventType[]).filter((e) =>
    [rules[e](always, { failure: 0 }), rules[e](() => 0, { failure: 1 })].flat().some((r) => r.service === service),
  );
}
