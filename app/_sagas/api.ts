"use client";
import type { InstanceSummaryView, InstanceView, SagaDetail, SagaList } from "@contract";

async function getJson<T>(url: string, signal?: AbortSignal): Promise<T> {
  const res = await fetch(url, { signal, cache: "no-store" });
  if (!res.ok) throw new Error(((await res.json().catch(() => ({}))) as { error?: { message?: string; code?: string } }).error?.message ?? `HTTP ${res.status}`);
  return (await res.json()) as T;
}

export const listSagas = (signal?: AbortSignal) => getJson<SagaList>("/api/sagas", signal);
export const getSaga = (name: string, signal?: AbortSignal) => getJson<SagaDetail>(`/api/sagas/${encodeURIComponent(name)}`, signal);
export const listInstances = (name: string, params: URLSearchParams, signal?: AbortSignal) => getJson<{ instances: InstanceSummaryView[] }>(`/api/sagas/${encodeURIComponent(name)}/instances?${params}`, signal);
export const getInstance = (name: string, id: string, signal?: AbortSignal) => getJson<InstanceView>(`/api/sagas/${encodeURIComponent(name)}/instances/${encodeURIComponent(id)}`, signal);

export const pct = (x: number) => `${(x * 100).toFixed(x > 0 && x < 0.1 ? 1 : 0)}%`;
export const ms = (v: number | null) => (v === null ? "—" : v < 1000 ? `${Math.round(v)} ms` : v < 120_000 ? `${(v / 1000).toFixed(1)} s` : `${(v / 60_000).toFixed(1)} min`);
