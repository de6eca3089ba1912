"use client";
import { auditRoutes, dlqRoutes, type RedriveBody, type RetryBody } from "@contract";
import { authErrorText } from "../_auth/api";
import { ApiError, call, type CodeOf, urlOf } from "../_api/client";

type Routes = typeof dlqRoutes;
/** Every code a dead-letter route can answer with (its own, the edge's, the client's). */
export type DlqCode = { [K in keyof Routes]: CodeOf<Routes[K]> }[keyof Routes];

/** What an operator reads for each error code the dead-letter API answers with. */
export const errorText: Record<DlqCode, string> = {
  NOT_FOUND: "This dead letter no longer exists.",
  RETRY_IN_PROGRESS: "A retry of this record is being published right now.",
  ALREADY_PUBLISHED: "This record was already published. Tick “publish again” to send it once more.",
  DISCARDED: "This record was discarded. Tick “publish again” to send it anyway.",
  CONFLICT: "Someone else acted on this record at the same moment; the list shows what happened.",
  MASKED: "This record is masked by the server's masking rules: retry it unchanged instead of editing it.",
  INVALID_BODY: "The request was not understood.",
  INVALID_QUERY: "The request was not understood.",
  INVALID_STATUS: "That status filter is not known.",
  INVALID_JSON_VALUE: "The edited value is not valid JSON.",
  REASON_REQUIRED: "Give a reason; it goes into the audit log.",
  INVALID_CREDENTIALS: authErrorText.INVALID_CREDENTIALS!,
  CROSS_ORIGIN: authErrorText.CROSS_ORIGIN!,
  CSRF_TOKEN: authErrorText.CSRF_TOKEN!,
  UNAUTHENTICATED: "Sign in as an operator to act on dead letters.",
  FORBIDDEN: "Your role cannot act on dead letters: retry, discard and redrive need the operator role.",
  METHOD_NOT_ALLOWED: "The server does not allow this.",
  PUBLISH_FAILED: "Publishing failed; the record is marked failed and can be retried.",
  NO_TARGET_TOPIC: "The record does not say where it came from; choose a target topic.",
  SHUTTING_DOWN: "The server is shutting down; try again when it is back.",
  BODY_TOO_LARGE: "The edited value is too large.",
  REDRIVE_RUNNING: "A redrive of this dead-letter topic is already running; cancel it or wait for it.",
  REDRIVE_NOT_RUNNING: "This redrive has already ended.",
  INTERNAL: "The server failed; its log says why.",
  NETWORK: "The server cannot be reached.",
  INVALID_RESPONSE: "The server answered something this page does not understand.",
};

/** The operator's words for an error's code. */
export function wordsFor(err: unknown): string {
  if (!(err instanceof ApiError)) return err instanceof Error ? err.message : String(err);
  return (errorText as Partial<Record<string, string>>)[err.code] ?? err.code;
}

/** The words, with the server's own message (why a publish failed, which JSON is wrong) after them. */
export function describeError(err: unknown): string {
  const words = wordsFor(err);
  return err instanceof ApiError && typeof err.detail.message === "string" ? `${words} (${err.detail.message})` : words;
}

/** Reads fail with the operator's words (the pages show them as "could not refresh: …"). */
const worded = <T>(p: Promise<T>): Promise<T> =>
  p.catch((err: unknown) => {
    throw err instanceof ApiError ? new Error(wordsFor(err)) : err;
  });

export const listDeadLetters = (query: URLSearchParams, signal?: AbortSignal) =>
  worded(call(dlqRoutes.list, { query, signal }));
export const getDeadLetter = (id: string, signal?: AbortSignal) =>
  worded(call(dlqRoutes.detail, { params: { id }, signal }));
export const listAudit = (query: URLSearchParams, signal?: AbortSignal) =>
  worded(call(auditRoutes.list, { query, signal }));
export const auditExportUrl = (query: URLSearchParams, format: "json" | "csv") => {
  const q = new URLSearchParams(query);
  if (format === "csv") q.set("format", "csv");
  return urlOf(auditRoutes.list, { query: q });
};
export const valueDownloadUrl = (id: string) => urlOf(dlqRoutes.value, { params: { id } });

export const retryDeadLetter = (id: string, body: RetryBody) => call(dlqRoutes.retry, { params: { id }, body });
export const discardDeadLetter = (id: string, reason: string) =>
  call(dlqRoutes.discard, { params: { id }, body: { reason } });
export const startRedrive = (body: RedriveBody) => call(dlqRoutes.startRedrive, { body });
export const cancelRedrive = (id: string) => call(dlqRoutes.cancelRedrive, { params: { id } });
export const getRedrive = (id: string, signal?: AbortSignal) =>
  worded(call(dlqRoutes.redrive, { params: { id }, query: { results: "0" }, signal }));
