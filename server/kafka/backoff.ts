/** Exponential backoff with equal jitter, capped: half the ceiling plus a random half (attempt 0 → `base`/2 to `base` ms). */
export function backoffMs(attempt: number, random: () => number = Math.random, base = 500, cap = 5_000): number {
  const ceiling = Math.min(cap, base * 2 ** Math.min(attempt, 20));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/**
 * A sleep that can be cut short: `sleep(ms)` resolves after `ms`, or at once
 * when `wake()` is called (a stop, a crash, an interest that changed).
 */
export function wakeableSleep(): { sleep: (ms: number) => Promise<void>; wake: () => void } {
  let wake: (() => void) | null = null;
  return {
    sleep: (ms) =>
      new Promise<void>((resolve) => {
        const t = setTimeout(done, ms);
        function done() {
          clearTimeout(t);
          wake = null;
          resolve();
        }
        wake = done;
      }),
    wake: () => wake?.(),
  };
}
