/** Builds realistic order payloads from an injected random source, so tests are deterministic. */
export type Rng = () => number;

const SKUS = [
  { sku: "KB-MECH-87", name: "Mechanical keyboard", price: 129.0 },
  { sku: "MS-ERGO-2", name: "Ergonomic mouse", price: 59.9 },
  { sku: "MON-27-4K", name: '27" 4K monitor', price: 399.0 },
  { sku: "USB-C-HUB", name: "USB-C hub", price: 34.5 },
  { sku: "CAM-HD-1080", name: "HD webcam", price: 74.0 },
  { sku: "HS-NC-700", name: "Noise-cancelling headset", price: 249.0 },
];
const CURRENCIES = ["EUR", "USD", "GBP"];

const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[Math.floor(rng() * xs.length) % xs.length]!;
const hex = (rng: Rng, n: number) => Array.from({ length: n }, () => Math.floor(rng() * 16).toString(16)).join("");

export const newOrderId = (rng: Rng) => `o-${hex(rng, 6)}`;

export function orderPayload(orderId: string, rng: Rng, now: Date): Record<string, unknown> {
  const items = Array.from({ length: 1 + Math.floor(rng() * 3) }, () => {
    const p = pick(rng, SKUS);
    return { sku: p.sku, name: p.name, qty: 1 + Math.floor(rng() * 3), price: p.price };
  });
  const amount = Math.round(items.reduce((s, i) => s + i.qty * i.price, 0) * 100) / 100;
  return {
    orderId,
    customerId: `c-${hex(rng, 5)}`,
    items,
    amount,
    currency: pick(rng, CURRENCIES),
    createdAt: now.toISOString(),
  };
}

/** Poison: what a buggy producer sends — cut-off JSON or a negative amount. The payment service cannot process either. */
export function poisonValue(orderId: string, rng: Rng, now: Date): string {
  const good = JSON.stringify(orderPayload(orderId, rng, now));
  return rng() < 0.5
    ? good.slice(0, Math.floor(good.length / 2))
    : JSON.stringify({ ...JSON.parse(good), amount: -Math.round(rng() * 1000) });
}

/**
 * A customs declaration: a few hundred KB of JSON line items, repetitive
 * enough that gzip shrinks it well, as real ones are.
 */
export function customsDeclaration(orderId: string, rng: Rng): Record<string, unknown> {
  const lines = Array.from({ length: 1800 + Math.floor(rng() * 900) }, (_, n) => {
    const p = pick(rng, SKUS);
    return {
      line: n + 1,
      sku: p.sku,
      description: p.name,
      hsCode: "8471.60.70",
      originCountry: pick(rng, ["DE", "CN", "TW", "US"]),
      qty: 1 + Math.floor(rng() * 5),
      unitValue: p.price,
      weightKg: Math.round(rng() * 4000) / 1000,
    };
  });
  return {
    declarationId: `cd-${orderId}`,
    exporter: "Sagascope Demo Shop GmbH",
    incoterm: "DAP",
    currency: "EUR",
    lines,
  };
}

export interface NewOrder {
  orderId: string;
  /** The OrderCreated value as published: JSON, or broken JSON for poison. */
  value: string;
  payload: Record<string, unknown>;
  payBy: Date;
}

/**
 * A new order. Its payment deadline is `paymentTimeoutMs` away; a new
 * customer's first order waits longer (`newCustomerTimeoutMs`) for their
 * payment profile, which is registered a little after the order.
 */
export function newOrder(
  rng: Rng,
  now: Date,
  o: { poison: boolean; newCustomer: boolean; paymentTimeoutMs: number; newCustomerTimeoutMs: number },
): NewOrder {
  const orderId = newOrderId(rng);
  const payBy = new Date(now.getTime() + (o.newCustomer ? o.newCustomerTimeoutMs : o.paymentTimeoutMs));
  const base = orderPayload(orderId, rng, now);
  const payload = {
    ...base,
    ...(o.newCustomer ? { customerId: `c-new-${hex(rng, 5)}`, newCustomer: true } : {}),
    payBy: payBy.toISOString(),
  };
  const value = o.poison ? poisonValue(orderId, rng, now) : JSON.stringify(payload);
  return { orderId, value, payload, payBy };
}
