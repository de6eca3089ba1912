import type { Rng } from "../orders";
import { messageId, type ReturnRequest, type ReturnRequested } from "./messages";

const REASONS = ["changed mind", "wrong size", "arrived late", "not as described"];
const hex = (rng: Rng, n: number) => Array.from({ length: n }, () => Math.floor(rng() * 16).toString(16)).join("");

/** What a return needs of an order: orders.ts orderPayload's fields. */
export type ReturnableOrder = {
  orderId: string;
  items: Array<{ sku: string; qty: number; price: number }>;
  currency: string;
};

export const newReturnId = (rng: Rng) => `r-${hex(rng, 6)}`;

/**
 * The order generator's request to return some of an order's items: a
 * non-empty prefix of them, refunded at their price. `order` is an
 * orderPayload (../orders.ts); the return is a saga of its own, with its own trace.
 */
export function returnRequested(returnId: string, traceId: string, order: ReturnableOrder, rng: Rng): ReturnRequested {
  const items = order.items.slice(0, 1 + Math.floor(rng() * order.items.length));
  const amount = Math.round(items.reduce((s, i) => s + i.qty * i.price, 0) * 100) / 100;
  const payload: ReturnRequest = {
    orderId: order.orderId,
    items: items.map(({ sku, qty }) => ({ sku, qty })),
    amount,
    currency: order.currency,
    reason: REASONS[Math.floor(rng() * REASONS.length) % REASONS.length]!,
  };
  return {
    kind: "ReturnRequested",
    returnId,
    traceId,
    id: messageId(returnId, "ReturnRequested"),
    correlationId: null,
    payload,
  };
}
