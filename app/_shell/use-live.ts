"use client";
import { useSyncExternalStore } from "react";
import type { LiveSnapshot } from "../_live/live-store";
import { liveStore } from "./connection";

/** The live store's snapshot, re-rendering on each merged batch; the shell keeps the socket open. */
export function useLive(): LiveSnapshot {
  return useSyncExternalStore(liveStore.subscribe, liveStore.getSnapshot, liveStore.getSnapshot);
}
