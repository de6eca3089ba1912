"use client";
import { useEffect, useSyncExternalStore } from "react";
import { authRoutes, type RoleName, type SessionInfo } from "@contract";
// client.ts imports this module too; both only use each other's exports inside functions, so the cycle is harmless.
import { call } from "../_api/client";

/**
 * Who this browser is, read once from /api/auth/session and shared by every
 * component (a plain store outside React). The CSRF token lives only here, in
 * memory: never in storage a script on another page could read.
 */
let current: SessionInfo | null = null;
let loading: Promise<SessionInfo> | null = null;
const listeners = new Set<() => void>();
const emit = () =>
  listeners.forEach((l) => {
    l();
  });

export const sessionStore = {
  get: () => current,
  set(info: SessionInfo | null) {
    current = info;
    emit();
  },
  load(): Promise<SessionInfo> {
    loading ??= call(authRoutes.session)
      .then((info) => {
        sessionStore.set(info);
        return info;
      })
      .finally(() => {
        loading = null;
      });
    return loading;
  },
  subscribe(l: () => void) {
    listeners.add(l);
    return () => listeners.delete(l);
  },
};

export function useSession(): SessionInfo | null {
  const info = useSyncExternalStore(sessionStore.subscribe, sessionStore.get, () => null);
  useEffect(() => {
    if (!sessionStore.get()) void sessionStore.load().catch(() => undefined);
  }, []);
  return info;
}

const order: RoleName[] = ["viewer", "operator", "admin"];
export const can = (info: SessionInfo | null, need: RoleName) =>
  !!info?.role && order.indexOf(info.role) >= order.indexOf(need);

/** Sends the browser to the login page, back here afterwards. */
export function toLogin(): void {
  if (typeof window === "undefined" || window.location.pathname === "/login") return;
  window.location.assign(`/login?next=${encodeURIComponent(window.location.pathname + window.location.search)}`);
}

/** Headers for a state-changing request: JSON, and this session's CSRF token. */
export async function writeHeaders(): Promise<Record<string, string>> {
  const info = sessionStore.get() ?? (await sessionStore.load());
  return { "content-type": "application/json", ...(info.csrfToken ? { "x-csrf-token": info.csrfToken } : {}) };
}
