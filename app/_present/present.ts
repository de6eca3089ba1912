/**
 * Presentation mode's state and page cycle, without React or the DOM: the
 * URL's `present`, `theme` and `cycle` parameters and what the tab remembers
 * (sessionStorage) in, the state and the next page out.
 */

export const themes = ["dark", "light"] as const;
export type Theme = (typeof themes)[number];
const isTheme = (v: unknown): v is Theme => themes.includes(v as Theme);

export interface PresentState {
  on: boolean;
  theme: Theme;
  /** Seconds on each page of the cycle; null: no auto-cycle. */
  cycleSec: number | null;
}

export const presentOff: PresentState = { on: false, theme: "dark", cycleSec: null };

/** The parameters presentation mode owns; everything else in a query is the page's. */
export const presentParams = ["present", "theme", "cycle"] as const;

// Below 2 s the page has not drawn before it moves on; above an hour is a typo.
const parseCycle = (v: string | null): number | null => {
  const n = Number(v);
  return v !== null && v !== "" && Number.isFinite(n) && n > 0 ? Math.min(3600, Math.max(2, Math.round(n))) : null;
};

/**
 * The state for this URL: `present=1` turns the mode on with the URL's theme
 * and cycle, `present=0` turns it off, and without `present` the tab's
 * remembered state holds (so a nav link without the query keeps the mode on).
 */
export function resolvePresent(params: URLSearchParams, stored: PresentState | null): PresentState {
  const present = params.get("present");
  if (present === "0" || present === "false") return presentOff;
  if (present === null) return stored?.on ? stored : presentOff;
  const theme = params.get("theme");
  return { on: true, theme: isTheme(theme) ? theme : "dark", cycleSec: parseCycle(params.get("cycle")) };
}

/** What sessionStorage held, or null when it held nothing valid. */
export function parseStored(json: string | null): PresentState | null {
  if (!json) return null;
  try {
    const v = JSON.parse(json) as Partial<PresentState>;
    if (v.on !== true || !isTheme(v.theme)) return null;
    return {
      on: true,
      theme: v.theme,
      cycleSec: typeof v.cycleSec === "number" ? parseCycle(String(v.cycleSec)) : null,
    };
  } catch {
    return null;
  }
}

/** The query that reopens this state: `present=1&theme=dark&cycle=10`. */
export function presentQuery(s: PresentState): string {
  if (!s.on) return "present=0";
  const q = new URLSearchParams({ present: "1", theme: s.theme });
  if (s.cycleSec !== null) q.set("cycle", String(s.cycleSec));
  return q.toString();
}

/** `search` without presentation mode's parameters, with a leading `?` when anything is left. */
export function withoutPresentParams(search: string): string {
  const q = new URLSearchParams(search);
  for (const p of presentParams) q.delete(p);
  const rest = q.toString();
  return rest ? `?${rest}` : "";
}

/** The cycle: overview, the first saga's graph (the saga list when there is none), dead letters. */
export function cyclePages(firstSaga: string | null): string[] {
  return ["/topics", firstSaga ? `/sagas/${encodeURIComponent(firstSaga)}` : "/sagas", "/dlq"];
}

/** Which page of the cycle `pathname` is, counting sub-pages (an instance of the saga); -1 when none. */
export function cycleIndex(pages: readonly string[], pathname: string): number {
  const exact = pages.indexOf(pathname);
  if (exact >= 0) return exact;
  return pages.findIndex((p) => pathname.startsWith(`${p}/`));
}

/** The page `dir` steps from `pathname`; from a page outside the cycle, forward starts it and back ends it. */
export function stepCycle(pages: readonly string[], pathname: string, dir: 1 | -1): string {
  const i = cycleIndex(pages, pathname);
  // The index is always in range for a non-empty cycle (cyclePages has three).
  if (i < 0) return pages[dir === 1 ? 0 : pages.length - 1]!;
  return pages[(i + dir + pages.length) % pages.length]!;
}

/** Whole seconds until `deadline`, never negative. */
export const secondsLeft = (deadline: number, now: number) => Math.max(0, Math.ceil((deadline - now) / 1000));

/** The presentation keys; null for a key the mode leaves to the page. */
export type PresentKey = "fullscreen" | "exit" | "next" | "previous" | "pause";

export function presentKey(key: string): PresentKey | null {
  switch (key) {
    case "f":
    case "F":
      return "fullscreen";
    case "Escape":
    case "p":
    case "P":
      return "exit";
    // Presentation clickers send PageDown/PageUp.
    case "ArrowRight":
    case "PageDown":
      return "next";
    case "ArrowLeft":
    case "PageUp":
      return "previous";
    case " ":
      return "pause";
    default:
      return null;
  }
}
