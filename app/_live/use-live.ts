"use client";
import { useEffect, useSyncExternalStore } from "react";
import { connectLive, liveStore } from "./connection";
import type { LiveSnapshot } from "./live-store";

/** Subscribes the component to the live store and keeps the socket open while mounted. */
export function useLive(): LiveSnapshot {
  useEffect(() => connectLive(), []);
  return useSyncExternalStore(liveStore.subscribe, liveStore.getSnapshot, liveStore.getSnapshot);
}

export { liveStore };
