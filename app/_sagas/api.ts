"use client";
import { type AnyRoute, type ResponseOf, sagasRoutes } from "@contract";
import { call, type CallInput, type CodeOf, errorMessage } from "../_api/client";

type Words<D> = Partial<Record<CodeOf<D>, string>>;

/** Calls a saga route; a failure becomes an Error worded for the page (usePoll shows its message). */
async function worded<D extends AnyRoute>(decl: D, input: CallInput<D>, words: Words<D>): Promise<ResponseOf<D>> {
  try {
    return await call(decl, input);
  } catch (err) {
    if (input.signal?.aborted) throw err;
    throw new Error(errorMessage(err, words as Partial<Record<string, string>>));
  }
}

export const listSagas = (signal?: AbortSignal) => worded(sagasRoutes.list, { signal }, {});
export const getSaga = (name: string, signal?: AbortSignal) =>
  worded(sagasRoutes.detail, { params: { name }, signal }, { NOT_FOUND: `No saga named ${name} is defined.` });
export const listInstances = (
  name: string,
  query: { state?: string; q?: string; anomaly?: string },
  signal?: AbortSignal,
) =>
  worded(
    sagasRoutes.instances,
    { params: { name }, query, signal },
    { NOT_FOUND: `No saga named ${name} is defined.`, INVALID_ANOMALY: "Unknown anomaly kind." },
  );
export const getInstance = (name: string, id: string, signal?: AbortSignal) =>
  worded(
    sagasRoutes.instance,
    { params: { name, id }, signal },
    { NOT_FOUND: `Instance ${id} of saga ${name} is not in memory (not seen yet, or finished and forgotten).` },
  );

export const pct = (x: number) => `${(x * 100).toFixed(x > 0 && x < 0.1 ? 1 : 0)}%`;
export const ms = (v: number | null) =>
  v === null
    ? "—"
    : v < 1000
      ? `${Math.round(v)} ms`
      : v < 120_000
        ? `${(v / 1000).toFixed(1)} s`
        : `${(v / 60_000).toFixed(1)} min`;
