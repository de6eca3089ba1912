import type { DeadLetterStatus } from "../contract";
import { ReplayHeaders } from "../contract";
import { isDeadLetterHeader, type RawHeader } from "./headers";

/** Why the record's state refuses the action. */
export type Refusal = "RETRY_IN_PROGRESS" | "ALREADY_PUBLISHED" | "DISCARDED";
export type Decision = { ok: true } | { ok: false; code: Refusal };

const refuse = (code: Refusal): Decision => ({ ok: false, code });

/**
 * Whether a dead letter may be republished now. A record is put back at most
 * once: a second attempt needs `force`, and never while one is in flight.
 */
export function decideRetry(status: DeadLetterStatus, force: boolean): Decision {
  switch (status) {
    case "new":
    case "failed":
      return { ok: true };
    case "retrying":
      return refuse("RETRY_IN_PROGRESS");
    case "published":
      return force ? { ok: true } : refuse("ALREADY_PUBLISHED");
    case "discarded":
      return force ? { ok: true } : refuse("DISCARDED");
  }
}

/** Discarding resolves a record; not while it is being published, and not twice. */
export function decideDiscard(status: DeadLetterStatus): Decision {
  if (status === "retrying") return refuse("RETRY_IN_PROGRESS");
  if (status === "discarded") return refuse("DISCARDED");
  if (status === "published") return refuse("ALREADY_PUBLISHED");
  return { ok: true };
}

export interface ReplayStamp {
  replayId: string;
  source: { topic: string; partition: number; offset: string };
  attempt: number;
  operator: string;
}

/**
 * The headers a replayed record carries: the record's own (or the operator's
 * edit) without dead-letter headers and without an earlier replay's stamp,
 * then Sagascope's replay headers, which let a failure that comes back be
 * linked to this attempt.
 */
export function replayHeaders(
  original: readonly RawHeader[],
  stamp: ReplayStamp,
  edited?: ReadonlyArray<{ name: string; value: string }>,
): RawHeader[] {
  const ours = new Set<string>(Object.values(ReplayHeaders));
  const base = edited
    ? edited.map((h) => ({ name: h.name, value: Buffer.from(h.value) }))
    : original.filter((h) => !isDeadLetterHeader(h.name));
  const kept = base.filter((h) => !ours.has(h.name));
  return [
    ...kept,
    { name: ReplayHeaders.id, value: Buffer.from(stamp.replayId) },
    {
      name: ReplayHeaders.source,
      value: Buffer.from(`${stamp.source.topic}/${stamp.source.partition}/${stamp.source.offset}`),
    },
    { name: ReplayHeaders.attempt, value: Buffer.from(String(stamp.attempt)) },
    { name: ReplayHeaders.operator, value: Buffer.from(stamp.operator) },
  ];
}

/** The value to publish: the original bytes, or the operator's edit (JSON is parsed to reject typos). */
export function replayValue(
  original: Buffer | null,
  edit?: { value: string; format?: "json" | "text" },
): { ok: true; value: Buffer | null } | { ok: false; code: "INVALID_JSON_VALUE"; message: string } {
  if (!edit) return { ok: true, value: original };
  if ((edit.format ?? "json") === "json") {
    try {
      JSON.parse(edit.value);
    } catch (err) {
      return { ok: false, code: "INVALID_JSON_VALUE", message: (err as Error).message };
    }
  }
  return { ok: true, value: Buffer.from(edit.value) };
}
