/** Builds realistic order payloads from an injected random source, so tests are deterministic. */
export type Rng = () => number;

const SKUS = [
  { sku: "KB-MECH-87", name: "Mechanical keyboard", price: 129.0 },
  { sku: "MS-ERGO-2", name: "Ergonomic mouse", price: 59.9 },
  { sku: "MON-27-4K", name: "27\" 4K monitor", price: 399.0 },
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
  return { orderId, customerId: `c-${hex(rng, 5)}`, items, amount, currency: pick(rng, CURRENCIES), createdAt: now.toISOString() };
}

/** Poison: what a buggy producer sends — cut-off JSON or a negative amount. The payment service cannot process either. */
export function poisonValue(orderId: string, rng: Rng, now: Date): string {
  const good = JSON.stringify(orderPayload(orderId, rng, now));
  return rng() < 0.5 ? good.slice(0, Math.floor(good.length / 2)) : JSON.stringify({ ...JSON.parse(good), amount: -Math.round(rng() * 1000) });
}
