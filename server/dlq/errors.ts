/**
 * What an operator action on dead letters can end in, as the core says it:
 * a value or a coded failure. HTTP statuses are the edge's business (the
 * codes and their statuses are listed once, in the contract's
 * DlqActionErrors); the wire carries the same codes.
 */
import type { DlqActionErrorCode } from "../contract";

export type { DlqActionErrorCode };

/** Trying the same action again later may succeed (the state that refused it is transient). */
const retriable: Record<DlqActionErrorCode, boolean> = {
  NOT_FOUND: false,
  RETRY_IN_PROGRESS: true,
  ALREADY_PUBLISHED: false,
  DISCARDED: false,
  CONFLICT: true,
  MASKED: false,
  NO_TARGET_TOPIC: false,
  INVALID_JSON_VALUE: false,
  SHUTTING_DOWN: true,
  PUBLISH_FAILED: true,
  REDRIVE_RUNNING: true,
  REDRIVE_NOT_RUNNING: false,
};

export interface Failure<C extends string = DlqActionErrorCode> {
  ok: false;
  code: C;
  message?: string;
  retriable: boolean;
  /** Facts about the refusal (the redrive's state, say); the wire puts them beside the code. */
  details?: Record<string, unknown>;
  /** What was done before it failed (the attempt that was recorded failed); the wire puts it beside the error. */
  outcome?: Record<string, unknown>;
}

export type Result<T, C extends string = DlqActionErrorCode> = { ok: true; value: T } | Failure<C>;

export const ok = <T>(value: T): { ok: true; value: T } => ({ ok: true, value });

/** A coded failure, its retriable flag taken from the code. */
export const fail = <C extends DlqActionErrorCode>(
  code: C,
  extra: { message?: string; details?: Record<string, unknown>; outcome?: Record<string, unknown> } = {},
): Failure<C> => ({
  ok: false,
  code,
  retriable: retriable[code],
  ...(extra.message !== undefined ? { message: extra.message } : {}),
  ...(extra.details ? { details: extra.details } : {}),
  ...(extra.outcome ? { outcome: extra.outcome } : {}),
});
