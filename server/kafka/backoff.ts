/** Exponential backoff with equal jitter, capped: half the ceiling plus a random half (attempt 0 → `base`/2 to `base` ms). */
export function backoffMs(attempt: number, random: () => number = Math.random, base = 500, cap = 5_000): number {
  const ceiling = Math.min(cap, base * 2 ** Math.min(attempt, 20));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
