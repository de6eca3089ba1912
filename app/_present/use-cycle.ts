"use client";
import { usePathname, useRouter } from "next/navigation";
import { useCallback, useEffect, useMemo, useState } from "react";
import { listSagas } from "../_sagas/api";
import { cycleIndex, cyclePages, presentQuery, secondsLeft, stepCycle, type PresentState } from "./present";

export interface Cycle {
  pages: string[];
  /** The current page's place in the cycle; -1 outside it. */
  index: number;
  /** Seconds to the next page; null when not cycling or paused. */
  left: number | null;
  paused: boolean;
  step: (dir: 1 | -1) => void;
  togglePause: () => void;
}

/**
 * The page cycle: overview → first saga → dead letters. The countdown restarts
 * on every page (a manual step or a nav link gives the new page its full time)
 * and on resume. Steps keep the presentation query in the URL.
 */
export function useCycle(state: PresentState): Cycle {
  const pathname = usePathname();
  const router = useRouter();
  // undefined while /api/sagas has not answered: the timer waits for it, so the cycle never skips the saga.
  const [firstSaga, setFirstSaga] = useState<string | null | undefined>(undefined);
  const [paused, setPaused] = useState(false);
  // The deadline belongs to the page it was set on: on a new page the old (expired) one must not fire
  // in the render before the new one is set, or the cycle skips the page it just reached.
  const [deadline, setDeadline] = useState<{ at: number; path: string } | null>(null);
  const [now, setNow] = useState(() => Date.now());

  useEffect(() => {
    if (!state.on) return;
    const ac = new AbortController();
    listSagas(ac.signal).then(
      (l) => setFirstSaga(l.sagas[0]?.name ?? null),
      () => !ac.signal.aborted && setFirstSaga(null),
    );
    return () => ac.abort();
  }, [state.on]);

  const pages = useMemo(() => cyclePages(firstSaga ?? null), [firstSaga]);
  const step = useCallback(
    (dir: 1 | -1) => router.push(`${stepCycle(pages, pathname, dir)}?${presentQuery(state)}`),
    [pages, pathname, router, state],
  );

  const cycling = state.on && state.cycleSec !== null && !paused;
  useEffect(() => {
    const t = Date.now();
    setNow(t);
    setDeadline(cycling ? { at: t + state.cycleSec! * 1000, path: pathname } : null);
  }, [cycling, state.cycleSec, pathname]);

  useEffect(() => {
    if (deadline === null || deadline.path !== pathname || firstSaga === undefined) return;
    const next = setTimeout(() => step(1), Math.max(0, deadline.at - Date.now()));
    const tick = setInterval(() => setNow(Date.now()), 250);
    return () => {
      clearTimeout(next);
      clearInterval(tick);
    };
  }, [deadline, firstSaga, step, pathname]);

  return {
    pages,
    index: cycleIndex(pages, pathname),
    left: deadline === null || deadline.path !== pathname ? null : secondsLeft(deadline.at, now),
    paused,
    step,
    togglePause: useCallback(() => setPaused((p) => !p), []),
  };
}
