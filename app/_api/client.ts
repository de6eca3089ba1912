"use client";
import type { z } from "zod";
import {
  type AnyRoute,
  type BodyOf,
  type ErrorCodeOf,
  errorBodySchema,
  fillPath,
  isRawAnswer,
  type ParamsOf,
  type QueryOf,
  type ResponseOf,
} from "@contract";
import { sessionStore, toLogin, writeHeaders } from "../_shell/session";

/**
 * The one way the browser calls the REST API. Typed by the route's
 * declaration (server/contract/routes/): the path is filled from its
 * parameters, the answer is parsed with its response schema (a mismatch is
 * the INVALID_RESPONSE error, never a silently wrong page), and an error is
 * one of the codes the route declares.
 */

/** Codes the client itself answers with: no answer, or an answer the contract does not describe. */
export type ClientErrorCode = "NETWORK" | "INVALID_RESPONSE";
export type CodeOf<D> = ErrorCodeOf<D> | ClientErrorCode;

export class ApiError<C extends string = string> extends Error {
  constructor(
    readonly code: C,
    readonly status: number,
    readonly detail: Record<string, unknown> = {},
  ) {
    super(typeof detail.message === "string" ? `${code}: ${detail.message}` : code);
  }
}

export interface CallInput<D extends AnyRoute> {
  params?: ParamsOf<D>;
  query?: QueryOf<D> | URLSearchParams;
  body?: BodyOf<D>;
  /** Request headers the route declares (e.g. Idempotency-Key). */
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

const NAME_KEY = "sagascope.operatorName";
/** Without accounts (loopback), the audit records the name the operator types; every write sends it. */
export const operator = {
  name: () => (typeof window === "undefined" ? "" : (localStorage.getItem(NAME_KEY) ?? "")),
  setName: (n: string) => localStorage.setItem(NAME_KEY, n),
};

/** The URL of a route (for links and downloads). */
export function urlOf<D extends AnyRoute>(decl: D, input: Pick<CallInput<D>, "params" | "query"> = {}): string {
  const path = fillPath(decl.path, input.params as Record<string, string | number> | undefined);
  const q = input.query instanceof URLSearchParams ? input.query : new URLSearchParams(definedEntries(input.query));
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

function definedEntries(q: unknown): Array<[string, string]> {
  if (!q || typeof q !== "object") return [];
  return Object.entries(q as Record<string, unknown>)
    .filter(([, v]) => v !== undefined && v !== null && v !== "")
    .map(([k, v]) => [k, String(v)]);
}

/** Calls a route; throws ApiError with one of the route's codes. */
export async function call<D extends AnyRoute>(decl: D, input: CallInput<D> = {}): Promise<ResponseOf<D>> {
  const url = urlOf(decl, input);
  const write = decl.method !== "get";
  const headers: Record<string, string> = { ...input.headers, ...(write ? await writeHeaders() : {}) };
  const name = write ? operator.name() : "";
  if (name) headers["x-sagascope-operator"] = name;
  let res: Response;
  try {
    res = await fetch(url, {
      method: decl.method.toUpperCase(),
      headers,
      cache: "no-store",
      signal: input.signal,
      ...(write ? { body: JSON.stringify(input.body ?? {}) } : {}),
    });
  } catch (err) {
    if (input.signal?.aborted) throw err;
    throw new ApiError<CodeOf<D>>("NETWORK", 0, { message: (err as Error).message });
  }
  if (!res.ok && !(decl.path === "/readyz" && res.status === 503)) throw await errorOf<D>(res, url);
  if (isRawAnswer(decl.response)) return (await res.blob()) as ResponseOf<D>;
  const json: unknown = await res.json().catch(() => undefined);
  const parsed = (decl.response as z.ZodType).safeParse(json);
  if (!parsed.success) {
    // The server answered something its contract does not describe: a bug to see, not a page to guess at.
    console.error(
      `${decl.method.toUpperCase()} ${decl.path}: the answer does not match the contract`,
      parsed.error.issues,
    );
    throw new ApiError<CodeOf<D>>("INVALID_RESPONSE", res.status, { issues: parsed.error.issues });
  }
  return parsed.data as ResponseOf<D>;
}

async function errorOf<D extends AnyRoute>(res: Response, url: string): Promise<ApiError<CodeOf<D>>> {
  const parsed = errorBodySchema.safeParse(await res.json().catch(() => undefined));
  const error = parsed.success ? parsed.data.error : { code: "INVALID_RESPONSE" };
  const code = error.code as CodeOf<D>;
  // A lost session sends the browser to sign in (not from the sign-in routes themselves).
  if (res.status === 401 && code === "UNAUTHENTICATED" && !url.startsWith("/api/auth/")) toLogin();
  // A stale CSRF token: fetch the session again so the next try carries the new one.
  if (code === "CSRF_TOKEN") void sessionStore.load().catch(() => undefined);
  return new ApiError(code, res.status, error);
}

/** The message for an error, from a feature's table of words per code, else the code itself. */
export function errorMessage(err: unknown, words: Partial<Record<string, string>> = {}): string {
  if (err instanceof ApiError)
    return words[err.code] ?? (err.code === "NETWORK" ? "The server cannot be reached." : err.message);
  return err instanceof Error ? err.message : String(err);
}
