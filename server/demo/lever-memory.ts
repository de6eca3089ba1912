/**
 * The idempotency keys of recent levers, per caller, for 10 minutes (at most
 * 1,000): a client that sends its request again (a retry after a timeout, a
 * second click of a script) gets the outcome of the first instead of a
 * second burst of poison. The outcome is kept as a promise, so a repeat that
 * arrives while the first is still running waits for it. Keys are whatever
 * the caller makes them (the routes join the actor and the header).
 */
export function leverMemory<T>(now: () => number = Date.now, ttlMs = 10 * 60_000, max = 1000) {
  const entries = new Map<string, { at: number; lever: string; outcome: Promise<T> }>();
  return {
    recall(key: string): { lever: string; outcome: Promise<T> } | undefined {
      const e = entries.get(key);
      if (e && now() - e.at > ttlMs) entries.delete(key);
      return entries.get(key);
    },
    remember(key: string, lever: string, outcome: Promise<T>): void {
      entries.set(key, { at: now(), lever, outcome });
      // Oldest first (insertion order): drop the expired and any beyond `max`.
      for (const [k, e] of entries) {
        if (entries.size <= max && now() - e.at <= ttlMs) break;
        entries.delete(k);
      }
    },
  };
}
export type LeverMemory<T> = ReturnType<typeof leverMemory<T>>;
