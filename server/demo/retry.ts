import type { Rng } from "./orders";

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  attempts: number;
  /** First delay; each later one doubles, up to `capMs`. */
  baseMs: number;
  capMs: number;
}

/** Spring Kafka's DefaultErrorHandler with an ExponentialBackOff, as the demo's services use it. */
export const defaultRetry: RetryPolicy = { attempts: 4, baseMs: 200, capMs: 2000 };

/**
 * The delay before retry number `retry` (1 for the first retry): exponential,
 * capped, with "equal jitter" — half fixed, half random — so a burst of
 * failures does not retry in lockstep.
 */
export function backoffDelay(retry: number, p: RetryPolicy, rng: Rng): number {
  const exp = Math.min(p.capMs, p.baseMs * 2 ** (retry - 1));
  return Math.round(exp / 2 + (rng() * exp) / 2);
}
