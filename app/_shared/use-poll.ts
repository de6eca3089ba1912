"use client";
import { useEffect, useState } from "react";

/**
 * Loads `load` now and every `everyMs`, cancelling the request in flight when
 * the inputs change or the component goes; keeps the last good value while a
 * poll fails. `refresh()` loads at once (after an action).
 */
export function usePoll<T>(
  load: (signal: AbortSignal) => Promise<T>,
  everyMs: number,
  deps: unknown[],
): { data: T | null; error: string | null; refresh: () => void } {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const abort = new AbortController();
    const run = async () => {
      try {
        setData(await load(abort.signal));
        setError(null);
      } catch (err) {
        if (!abort.signal.aborted) setError((err as Error).message);
      }
    };
    void run();
    const t = setInterval(() => void run(), everyMs);
    return () => {
      abort.abort();
      clearInterval(t);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, tick, everyMs]);
  return { data, error, refresh: () => setTick((n) => n + 1) };
}
