"use client";
import { Suspense, useEffect, useState } from "react";
import { presentKey } from "./present";
import { useCycle, type Cycle } from "./use-cycle";
import { usePresentState } from "./use-present-state";
import styles from "./present.module.css";

const pageNames: Record<string, string> = { "/topics": "Topics", "/dlq": "Dead letters" };
const pageName = (path: string) =>
  pageNames[path] ?? (path === "/sagas" ? "Sagas" : `Saga ${decodeURIComponent(path.slice("/sagas/".length))}`);

/**
 * Presentation mode for every page (`?present=1`): large high-contrast theme,
 * full screen, and an optional auto-cycle through the pages that tell the
 * story. Mounted once in the root layout.
 */
export function PresentationMode() {
  // useSearchParams needs a Suspense boundary, else the whole app opts out of static prerendering.
  return (
    <Suspense fallback={null}>
      <Presenter />
    </Suspense>
  );
}

function Presenter() {
  const { state, exit } = usePresentState();
  const cycle = useCycle(state);
  const fullscreen = useFullscreen();

  useEffect(() => {
    if (!state.on) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || typing(e.target)) return;
      const action = presentKey(e.key);
      // Space on a focused button or link is that control's; leave it alone.
      if (!action || (action === "pause" && (state.cycleSec === null || interactive(e.target)))) return;
      e.preventDefault();
      if (action === "fullscreen") fullscreen.toggle();
      else if (action === "exit") exit();
      else if (action === "next") cycle.step(1);
      else if (action === "previous") cycle.step(-1);
      else cycle.togglePause();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [state, exit, cycle, fullscreen]);

  if (!state.on) return null;
  return (
    <aside className={styles.bar} aria-label="Presentation">
      {state.cycleSec !== null ? <CycleStatus cycle={cycle} /> : null}
      <button
        type="button"
        className={styles.button}
        onClick={() => cycle.step(-1)}
        aria-label="Previous page"
        title="Previous page (←)"
      >
        ←
      </button>
      {state.cycleSec !== null ? (
        <button type="button" className={styles.button} onClick={cycle.togglePause} title="Pause or resume (space)">
          {cycle.paused ? "Resume" : "Pause"}
        </button>
      ) : null}
      <button
        type="button"
        className={styles.button}
        onClick={() => cycle.step(1)}
        aria-label="Next page"
        title="Next page (→)"
      >
        →
      </button>
      <button type="button" className={styles.button} onClick={fullscreen.toggle} title="Full screen (f)">
        {fullscreen.on ? "Exit full screen" : "Full screen"}
      </button>
      <button type="button" className={styles.button} onClick={exit} title="Exit presentation (p or Esc)">
        Exit presentation
      </button>
    </aside>
  );
}

function CycleStatus({ cycle }: { cycle: Cycle }) {
  const where =
    cycle.index >= 0
      ? `${cycle.index + 1}/${cycle.pages.length} ${pageName(cycle.pages[cycle.index]!)}`
      : "outside the cycle";
  const when = cycle.paused ? "paused" : cycle.left === null ? "" : `next in ${cycle.left} s`;
  return (
    <span role="status" aria-label="Presentation cycle" className={styles.cycle} data-paused={cycle.paused}>
      {where} · {when}
    </span>
  );
}

function useFullscreen() {
  const [on, setOn] = useState(false);
  useEffect(() => {
    const sync = () => setOn(document.fullscreenElement !== null);
    sync();
    document.addEventListener("fullscreenchange", sync);
    return () => document.removeEventListener("fullscreenchange", sync);
  }, []);
  const toggle = () => {
    // Browsers refuse without a user gesture or in some embeds; presentation mode works without it.
    if (document.fullscreenElement) void document.exitFullscreen().catch(() => {});
    else void document.documentElement.requestFullscreen().catch(() => {});
  };
  return { on, toggle };
}

function typing(t: EventTarget | null): boolean {
  return t instanceof HTMLElement && (t.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(t.tagName));
}

function interactive(t: EventTarget | null): boolean {
  return (
    t instanceof HTMLElement &&
    t !== document.body &&
    (["BUTTON", "A", "SUMMARY"].includes(t.tagName) || t.tabIndex >= 0)
  );
}
