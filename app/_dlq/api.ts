"use client";
import type { AuditView, DeadLetterDetail, DeadLetterList, RedriveBody, RedriveView, RetryBody } from "@contract";
import { authErrorText } from "../_auth/api";
import { toLogin, writeHeaders } from "../_shell/session";

/** What an operator reads for each error code the dead-letter API answers with. */
export const errorText: Record<string, string> = {
  NOT_FOUND: "This dead letter no longer exists.",
  RETRY_IN_PROGRESS: "A retry of this record is being published right now.",
  ALREADY_PUBLISHED: "This record was already published. Tick “publish again” to send it once more.",
  DISCARDED: "This record was discarded. Tick “publish again” to send it anyway.",
  CONFLICT: "Someone else acted on this record at the same moment; the list shows what happened.",
  INVALID_BODY: "The request was not understood.",
  INVALID_JSON_VALUE: "The edited value is not valid JSON.",
  REASON_REQUIRED: "Give a reason; it goes into the audit log.",
  ...authErrorText,
  UNAUTHENTICATED: "Sign in as an operator to act on dead letters.",
  FORBIDDEN: "Your role cannot act on dead letters: retry, discard and redrive need the operator role.",
  PUBLISH_FAILED: "Publishing failed; the record is marked failed and can be retried.",
  NO_TARGET_TOPIC: "The record does not say where it came from; choose a target topic.",
  SHUTTING_DOWN: "The server is shutting down; try again when it is back.",
  BODY_TOO_LARGE: "The edited value is too large.",
  REDRIVE_RUNNING: "A redrive of this dead-letter topic is already running; cancel it or wait for it.",
  REDRIVE_NOT_RUNNING: "This redrive has already ended.",
};

export class ApiError extends Error {
  constructor(
    readonly code: string,
    readonly detail?: string,
  ) {
    super(errorText[code] ?? code);
  }
}

const NAME_KEY = "sagascope.operatorName";
/** Without accounts (loopback), the audit records the name the operator types. */
export const operator = {
  name: () => (typeof window === "undefined" ? "" : (localStorage.getItem(NAME_KEY) ?? "")),
  setName: (n: string) => localStorage.setItem(NAME_KEY, n),
};

async function getJson<T>(url: string, signal?: AbortSignal): Promise<T> {
  const res = await fetch(url, { signal, cache: "no-store" });
  if (!res.ok) throw new ApiError(((await res.json().catch(() => ({}))) as { error?: { code?: string } }).error?.code ?? `HTTP_${res.status}`);
  return (await res.json()) as T;
}

export const listDeadLetters = (params: URLSearchParams, signal?: AbortSignal) => getJson<DeadLetterList>(`/api/dlq/messages?${params}`, signal);
export const getDeadLetter = (id: string, signal?: AbortSignal) => getJson<DeadLetterDetail>(`/api/dlq/messages/${encodeURIComponent(id)}`, signal);
export const listAudit = (params: URLSearchParams, signal?: AbortSignal) => getJson<{ entries: AuditView[] }>(`/api/audit?${params}`, signal);
export const valueDownloadUrl = (id: string) => `/api/dlq/messages/${encodeURIComponent(id)}/value`;

/** Sends an operator action: JSON body, the session's CSRF token, and (without accounts) the operator's name for the audit. */
async function send(method: "POST" | "DELETE", url: string, body?: unknown): Promise<unknown> {
  const headers = await writeHeaders();
  const name = operator.name();
  if (name) headers["x-sagascope-operator"] = name;
  const res = await fetch(url, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  const json = (await res.json().catch(() => ({}))) as { error?: { code?: string; message?: string } };
  if (!res.ok) {
    if (res.status === 401 && json.error?.code === "UNAUTHENTICATED") toLogin();
    throw new ApiError(json.error?.code ?? `HTTP_${res.status}`, json.error?.message);
  }
  return json;
}

const act = (id: string, action: "retry" | "discard", body: unknown) => send("POST", `/api/dlq/messages/${encodeURIComponent(id)}/${action}`, body);
export const retryDeadLetter = (id: string, body: RetryBody) => act(id, "retry", body);
export const discardDeadLetter = (id: string, reason: string) => act(id, "discard", { reason });
export const startRedrive = (body: RedriveBody) => send("POST", "/api/dlq/redrives", body) as Promise<{ id: string; total: number }>;
export const cancelRedrive = (id: string) => send("DELETE", `/api/dlq/redrives/${encodeURIComponent(id)}`);
export const getRedrive = (id: string, signal?: AbortSignal) => getJson<RedriveView>(`/api/dlq/redrives/${encodeURIComponent(id)}?results=0`, signal);
