"use client";
import {
  demoRoutes,
  type DemoDuplicatesBody,
  type DemoFailureBody,
  type DemoOutageBody,
  type DemoPoisonBody,
  type DemoRateBody,
  type DemoState,
} from "@contract";
import { ApiError, call, type CodeOf } from "../_api/client";
import { authErrorText } from "../_auth/api";

/** Every code the scenario controls can answer with (the levers share theirs). */
export type DemoErrorCode = CodeOf<typeof demoRoutes.state> | CodeOf<typeof demoRoutes.rate>;

/** What an operator reads for each error code the scenario controls answer with. */
export const demoErrorText: Partial<Record<DemoErrorCode, string>> = {
  ...authErrorText,
  DEMO_NOT_RUNNING: "No demo is running in this server any more. Start one with `npm run demo`.",
  INVALID_BODY: "The server refused this value",
  LEVER_FAILED: "The demo could not apply this; try again",
  IDEMPOTENCY_KEY_REUSED: "This request was already sent for another scenario control; try again",
  NOT_FOUND: "This server does not know that scenario control.",
  UNAUTHENTICATED: "Sign in as an operator to use the scenario controls.",
  FORBIDDEN: "Scenario controls need the operator role.",
  NETWORK: "The server cannot be reached.",
};

export class DemoApiError extends Error {
  constructor(
    readonly code: DemoErrorCode,
    readonly detail?: string,
  ) {
    const text = demoErrorText[code] ?? `The server answered ${code}`;
    // The detail is the server's own words (which field, why the demo failed): shown as text after ours.
    super(detail && (code === "INVALID_BODY" || code === "LEVER_FAILED") ? `${text}: ${detail}` : text);
  }
}

/** The server's words for an error: its message, or for a refused body the fields and why. */
function detailOf(err: ApiError): string | undefined {
  if (typeof err.detail.message === "string") return err.detail.message;
  const issues = err.detail.issues as Array<{ path?: string; message?: string }> | undefined;
  return Array.isArray(issues)
    ? issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join("; ")
    : undefined;
}

const asDemoError = (err: unknown): never => {
  throw err instanceof ApiError ? new DemoApiError(err.code as DemoErrorCode, detailOf(err)) : err;
};

export type DemoLoad = { running: true; state: DemoState } | { running: false };

/** The demo's state; "not running" is an answer, not an error. */
export async function loadDemo(signal: AbortSignal): Promise<DemoLoad> {
  try {
    return { running: true, state: await call(demoRoutes.state, { signal }) };
  } catch (err) {
    if (err instanceof ApiError && err.code === "DEMO_NOT_RUNNING") return { running: false };
    return asDemoError(err);
  }
}

// Each pull sends a key of its own: should the request reach the server twice, the lever acts once.
const once = () => ({ "idempotency-key": crypto.randomUUID() });

export const setRate = (body: DemoRateBody) => call(demoRoutes.rate, { body, headers: once() }).catch(asDemoError);
export const setFailureShare = (body: DemoFailureBody) =>
  call(demoRoutes.failures, { body, headers: once() }).catch(asDemoError);
export const setOutage = (body: DemoOutageBody) =>
  call(demoRoutes.outage, { body, headers: once() }).catch(asDemoError);
export const sendPoison = (body: DemoPoisonBody) =>
  call(demoRoutes.poison, { body, headers: once() }).catch(asDemoError);
export const injectDuplicates = (body: DemoDuplicatesBody) =>
  call(demoRoutes.duplicates, { body, headers: once() }).catch(asDemoError);
