import {
  demoDuplicatesBody,
  demoFailureBody,
  demoPoisonBody,
  demoRateBody,
  type DemoFailureBody,
  type FailingService,
} from "@contract";

/**
 * What the scenario levers turn typed text into, and how the panel prints
 * shares. The contract's schemas have the last word; these only turn their
 * refusal into a sentence before anything is sent.
 */

/** The ranges the levers accept, read from the contract so the inputs and the server agree. */
export const limits = {
  rate: {
    min: demoRateBody.shape.ordersPerSecond.minValue ?? 0,
    max: demoRateBody.shape.ordersPerSecond.maxValue ?? 0,
  },
  poison: { min: demoPoisonBody.shape.count.minValue ?? 1, max: demoPoisonBody.shape.count.maxValue ?? 1 },
  duplicates: { min: demoDuplicatesBody.shape.count.minValue ?? 1, max: demoDuplicatesBody.shape.count.maxValue ?? 1 },
};

export type CountLever = "poison" | "duplicates";

/** A share 0–1 as a percent with at most one decimal ("15 %"); null (no failing step) as "—". */
export const percent = (share: number | null): string => (share === null ? "—" : `${Math.round(share * 1000) / 10} %`);

/** A share 0–1 as the number a percent box shows ("15", "12.5"). */
export const percentText = (share: number | null): string =>
  share === null ? "" : String(Math.round(share * 1000) / 10);

const numberOf = (text: string) => (text.trim() === "" ? Number.NaN : Number(text));

export type Parsed<T> = { ok: true; body: T } | { ok: false; message: string };

export function rateBody(text: string): Parsed<{ ordersPerSecond: number }> {
  const r = demoRateBody.safeParse({ ordersPerSecond: numberOf(text) });
  return r.success
    ? { ok: true, body: r.data }
    : { ok: false, message: `The order rate is a number from ${limits.rate.min} to ${limits.rate.max} per second.` };
}

/** A percent typed for one service (0–100) as the lever's share (0–1). */
export function failureBody(service: FailingService, text: string): Parsed<DemoFailureBody> {
  const r = demoFailureBody.safeParse({ service, share: numberOf(text) / 100 });
  return r.success
    ? { ok: true, body: r.data }
    : { ok: false, message: "The failure share is a percent from 0 to 100." };
}

/** A count of poison records or duplicates: a whole number in the contract's range. */
export function countBody(lever: CountLever, text: string): Parsed<{ count: number }> {
  const r = (lever === "poison" ? demoPoisonBody : demoDuplicatesBody).safeParse({ count: numberOf(text) });
  return r.success
    ? { ok: true, body: r.data }
    : { ok: false, message: `The count is a whole number from ${limits[lever].min} to ${limits[lever].max}.` };
}
