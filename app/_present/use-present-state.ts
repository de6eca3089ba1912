"use client";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback, useEffect, useState } from "react";
import { parseStored, presentOff, resolvePresent, withoutPresentParams, type PresentState } from "./present";

const storageKey = "sagascope.present";

const same = (a: PresentState, b: PresentState) => a.on === b.on && a.theme === b.theme && a.cycleSec === b.cycleSec;

/**
 * Presentation state for this tab: resolved from the URL and sessionStorage on
 * every navigation, remembered in sessionStorage, and shown as
 * `html[data-present][data-theme]` for globals.css. `exit` turns it off and
 * drops its parameters from the URL (else the URL would turn it on again).
 */
export function usePresentState(): { state: PresentState; exit: () => void } {
  const query = useSearchParams().toString();
  const pathname = usePathname();
  const router = useRouter();
  const [state, setState] = useState<PresentState>(presentOff);

  useEffect(() => {
    const next = resolvePresent(new URLSearchParams(query), parseStored(sessionStorage.getItem(storageKey)));
    if (next.on) sessionStorage.setItem(storageKey, JSON.stringify(next));
    else sessionStorage.removeItem(storageKey);
    setState((prev) => (same(prev, next) ? prev : next));
  }, [query]);

  useEffect(() => {
    const html = document.documentElement;
    if (!state.on) return;
    html.dataset.present = "";
    html.dataset.theme = state.theme;
    return () => {
      delete html.dataset.present;
      delete html.dataset.theme;
    };
  }, [state]);

  const exit = useCallback(() => {
    sessionStorage.removeItem(storageKey);
    setState(presentOff);
    if (document.fullscreenElement) void document.exitFullscreen().catch(() => {});
    const rest = withoutPresentParams(window.location.search);
    if (rest !== window.location.search) router.replace(`${pathname}${rest}`);
  }, [pathname, router]);

  return { state, exit };
}
