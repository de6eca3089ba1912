"use client";
import { useCallback, useRef, useState } from "react";
import type { DemoState } from "@contract";

/**
 * One lever's request: `busy` while it is in flight (the button is disabled),
 * the last error as operator text. A second `run` while one is in flight is
 * dropped: the ref guards the moment before React re-renders the disabled button.
 */
export function useLever(onDone: (state: DemoState) => void) {
  const inFlight = useRef(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = useCallback(
    async (send: () => Promise<DemoState>) => {
      if (inFlight.current) return;
      inFlight.current = true;
      setBusy(true);
      setError(null);
      try {
        onDone(await send());
      } catch (err) {
        setError((err as Error).message);
      } finally {
        inFlight.current = false;
        setBusy(false);
      }
    },
    [onDone],
  );
  return { busy, error, setError, run };
}
