/**
 * Spaces sends at `ratePerSec` from a start time: send i is due at
 * start + i / rate. A slow send delays the next one only as far as it must;
 * the rate is never exceeded over any window from the start.
 */
export function dueAt(startMs: number, index: number, ratePerSec: number): number {
  return startMs + (index * 1000) / ratePerSec;
}

/** How long to wait before send `index`, given the clock now. */
export function waitBefore(startMs: number, index: number, ratePerSec: number, nowMs: number): number {
  return Math.max(0, dueAt(startMs, index, ratePerSec) - nowMs);
}
