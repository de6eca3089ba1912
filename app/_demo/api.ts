"use client";
import type { DemoDuplicatesBody, DemoFailureBody, DemoOutageBody, DemoPoisonBody, DemoRateBody, DemoState } from "@contract";
import { authErrorText } from "../_auth/api";
import { sessionStore, toLogin, writeHeaders } from "../_auth/session";
import { operator } from "../_api/client";

/** What an operator reads for each error code the scenario controls answer with. */
export const demoErrorText: Record<string, string> = {
  ...authErrorText,
  DEMO_NOT_RUNNING: "No demo is running in this server any more. Start one with `npm run demo`.",
  INVALID_BODY: "The server refused this value",
  LEVER_FAILED: "The demo could not apply this; try again",
  NOT_FOUND: "This server does not know that scenario control.",
  UNAUTHENTICATED: "Sign in as an operator to use the scenario controls.",
  FORBIDDEN: "Scenario controls need the operator role.",
};

export class DemoApiError extends Error {
  constructor(
    readonly code: string,
    readonly detail?: string,
  ) {
    const text = demoErrorText[code] ?? `The server answered ${code}`;
    // The detail is the server's own words (which field, why the demo failed): shown as text after ours.
    super(detail && (code === "INVALID_BODY" || code === "LEVER_FAILED") ? `${text}: ${detail}` : text);
  }
}

export type DemoLoad = { running: true; state: DemoState } | { running: false };

const errorOf = async (res: Response) => ((await res.json().catch(() => ({}))) as { error?: { code?: string; message?: string } }).error ?? {};

/** The demo's state; "not running" is an answer, not an error. */
export async function loadDemo(signal: AbortSignal): Promise<DemoLoad> {
  const res = await fetch("/api/demo", { signal, cache: "no-store" });
  if (res.ok) return { running: true, state: (await res.json()) as DemoState };
  const err = await errorOf(res);
  if (err.code === "DEMO_NOT_RUNNING") return { running: false };
  if (res.status === 401 && err.code === "UNAUTHENTICATED") toLogin();
  throw new DemoApiError(err.code ?? `HTTP_${res.status}`, err.message);
}

/** Pulls one lever: JSON body, the session's CSRF token and (without accounts) the operator's name for the audit. */
async function pull(lever: string, body: unknown): Promise<DemoState> {
  const headers = await writeHeaders();
  const name = operator.name();
  if (name) headers["x-sagascope-operator"] = name;
  // One key per pull: should this request reach the server twice, the lever acts once.
  headers["idempotency-key"] = crypto.randomUUID();
  const res = await fetch(`/api/demo/${lever}`, { method: "POST", headers, body: JSON.stringify(body) });
  if (res.ok) return (await res.json()) as DemoState;
  const err = await errorOf(res);
  if (res.status === 401 && err.code === "UNAUTHENTICATED") toLogin();
  if (err.code === "CSRF_TOKEN") void sessionStore.load().catch(() => undefined);
  throw new DemoApiError(err.code ?? `HTTP_${res.status}`, err.message);
}

export const setRate = (b: DemoRateBody) => pull("rate", b);
export const setFailureShare = (b: DemoFailureBody) => pull("failures", b);
export const setOutage = (b: DemoOutageBody) => pull("outage", b);
export const sendPoison = (b: DemoPoisonBody) => pull("poison", b);
export const injectDuplicates = (b: DemoDuplicatesBody) => pull("duplicates", b);
