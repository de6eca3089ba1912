import type { SagaDefinition, TerminalKind } from "./definition";

/** One event applied (or refused) on an instance. */
export interface Step {
  type: string;
  topic: string;
  partition: number;
  offset: string;
  timestamp: number;
  eventId: string | null;
  from: string;
  /** The state after the event; equal to `from` when the event was refused. */
  to: string;
  compensation: boolean;
  /** Why the event was not applied, if it was not. */
  refused: "invalid-transition" | "duplicate" | null;
}

export const AnomalyKinds = ["invalid-transition", "duplicate", "out-of-order", "stuck"] as const;
export type AnomalyKind = (typeof AnomalyKinds)[number];

export interface Anomaly {
  kind: AnomalyKind;
  at: number;
  message: string;
  /** The record that caused it (none for stuck). */
  record: { topic: string; partition: number; offset: string } | null;
}

export interface Instance {
  saga: string;
  id: string;
  state: string;
  terminal: TerminalKind | null;
  startedAt: number;
  /** Timestamp of the last applied event (record time). */
  lastEventAt: number;
  /** When the instance entered its current state (record time). */
  enteredAt: number;
  history: Step[];
  anomalies: Anomaly[];
  /**
   * Events refused as invalid that may become valid when an earlier event
   * arrives late (a saga spans topics; a backlog arrives topic by topic).
   */
  parked: SagaEvent[];
}

/** An event read from a record. */
export interface SagaEvent {
  correlationId: string;
  type: string;
  eventId: string | null;
  topic: string;
  partition: number;
  offset: string;
  timestamp: number;
}

/** Longest history kept per instance; a saga looping on itself must not grow without bound. */
export const MAX_HISTORY = 200;
const MAX_ANOMALIES = 50;
const MAX_PARKED = 20;

export interface ApplyResult {
  applied: boolean;
  anomaly: Anomaly | null;
  /** Parked events this one unblocked: applied now, their invalid-transition flags withdrawn. */
  unparked?: { withdrawn: Anomaly[]; added: Anomaly[] };
}

export function newInstance(def: SagaDefinition, id: string, at: number): Instance {
  return {
    saga: def.name,
    id,
    state: def.initial,
    terminal: null,
    startedAt: at,
    lastEventAt: at,
    enteredAt: at,
    history: [],
    anomalies: [],
    parked: [],
  };
}

const push = <T>(list: T[], item: T, max: number) => {
  list.push(item);
  if (list.length > max) list.splice(0, list.length - max);
};

/**
 * Applies one event to an instance (mutating it; the runtime owns the
 * instance) and returns what happened. Pure otherwise: no clock, no I/O.
 * - The same topic/partition/offset again is a re-read of one record (a
 *   consumer restart or the catch-up overlapping live data): ignored.
 * - The same event id at another offset is a duplicate delivery: flagged, not applied.
 * - An event not allowed in the current state: flagged, state unchanged.
 * - An event older than the last applied one: flagged out-of-order, and
 *   applied if the transition is allowed (Kafka orders only within a partition).
 */
export function applyEvent(def: SagaDefinition, inst: Instance, e: SagaEvent): ApplyResult {
  const r = applyOne(def, inst, e);
  if (!r.applied || inst.parked.length === 0) return r;
  const unparked = { withdrawn: [] as Anomaly[], added: [] as Anomaly[] };
  for (;;) {
    const next = inst.parked
      .filter((p) => def.transitions.some((t) => t.from === inst.state && t.event === p.type))
      .sort((a, b) => a.timestamp - b.timestamp)[0];
    if (!next) break;
    inst.parked.splice(inst.parked.indexOf(next), 1);
    const same = (h: { topic: string; partition: number; offset: string }) =>
      h.topic === next.topic && h.partition === next.partition && h.offset === next.offset;
    inst.history = inst.history.filter((h) => !(same(h) && h.refused === "invalid-transition"));
    const old = inst.anomalies.filter((a) => a.kind === "invalid-transition" && a.record && same(a.record));
    inst.anomalies = inst.anomalies.filter((a) => !old.includes(a));
    unparked.withdrawn.push(...old);
    // In timestamp order it was valid all along: the delay was the consumer's
    // (topics read one after another), not the system's. Only a timestamp
    // older than the last applied event is out-of-order.
    const again = applyOne(def, inst, next);
    if (again.anomaly) unparked.added.push(again.anomaly);
  }
  return unparked.withdrawn.length || unparked.added.length ? { ...r, unparked } : r;
}

function applyOne(def: SagaDefinition, inst: Instance, e: SagaEvent): ApplyResult {
  const tpo = `${e.topic}/${e.partition}/${e.offset}`;
  // The history is the memory of what was seen (no separate set: 100k live instances must stay small).
  if (inst.history.some((h) => h.offset === e.offset && h.partition === e.partition && h.topic === e.topic))
    return { applied: false, anomaly: null };
  const record = { topic: e.topic, partition: e.partition, offset: e.offset };
  const step = (to: string, compensation: boolean, refused: Step["refused"]): Step => ({
    type: e.type,
    topic: e.topic,
    partition: e.partition,
    offset: e.offset,
    timestamp: e.timestamp,
    eventId: e.eventId,
    from: inst.state,
    to,
    compensation,
    refused,
  });
  const flag = (kind: AnomalyKind, message: string): Anomaly => {
    const a = { kind, at: e.timestamp, message, record };
    push(inst.anomalies, a, MAX_ANOMALIES);
    return a;
  };

  if (e.eventId !== null && inst.history.some((h) => h.eventId === e.eventId)) {
    push(inst.history, step(inst.state, false, "duplicate"), MAX_HISTORY);
    return {
      applied: false,
      anomaly: flag("duplicate", `event ${e.type} with id ${e.eventId} was delivered again at ${tpo}`),
    };
  }
  const t = def.transitions.find((x) => x.from === inst.state && x.event === e.type);
  if (!t) {
    push(inst.history, step(inst.state, false, "invalid-transition"), MAX_HISTORY);
    if (!inst.terminal) push(inst.parked, e, MAX_PARKED);
    const allowed = def.transitions.filter((x) => x.from === inst.state).map((x) => x.event);
    return {
      applied: false,
      anomaly: flag(
        "invalid-transition",
        `${e.type} is not allowed in state ${inst.state}${allowed.length ? ` (allowed: ${allowed.join(", ")})` : inst.terminal ? " (the saga had already ended)" : ""}`,
      ),
    };
  }
  const late = inst.history.some((h) => h.refused === null) && e.timestamp < inst.lastEventAt;
  push(inst.history, step(t.to, t.compensation, null), MAX_HISTORY);
  inst.state = t.to;
  inst.terminal = def.states[t.to]?.terminal ?? null;
  inst.enteredAt = Math.max(e.timestamp, inst.enteredAt);
  inst.lastEventAt = Math.max(e.timestamp, inst.lastEventAt);
  const anomaly = late
    ? flag("out-of-order", `${e.type} at ${new Date(e.timestamp).toISOString()} is older than the last applied event`)
    : null;
  return { applied: true, anomaly };
}

/**
 * Whether a live instance has stayed in a non-terminal state past that
 * state's timeout at `now`; records the anomaly once per state visit.
 */
export function checkStuck(def: SagaDefinition, inst: Instance, now: number): Anomaly | null {
  if (inst.terminal) return null;
  const timeout = def.states[inst.state]?.timeoutSec;
  if (!timeout || now - inst.enteredAt <= timeout * 1000) return null;
  const already = inst.anomalies.some((a) => a.kind === "stuck" && a.at >= inst.enteredAt);
  if (already) return null;
  const a: Anomaly = {
    kind: "stuck",
    at: now,
    message: `in ${inst.state} for more than ${timeout} s (since ${new Date(inst.enteredAt).toISOString()})`,
    record: null,
  };
  push(inst.anomalies, a, MAX_ANOMALIES);
  return a;
}

/** Whether the instance is stuck now (its latest stuck flag is for the current state visit). */
export const isStuck = (inst: Instance) =>
  !inst.terminal && inst.anomalies.some((a) => a.kind === "stuck" && a.at >= inst.enteredAt);

/** Per-step durations: time from each applied event to the next. */
export function stepDurations(inst: Instance): Array<{ state: string; from: number; to: number | null }> {
  const applied = inst.history.filter((h) => h.refused === null);
  return applied.map((h, i) => ({
    state: h.to,
    from: h.timestamp,
    to: applied[i + 1]?.timestamp ?? (inst.terminal ? h.timestamp : null),
  }));
}
