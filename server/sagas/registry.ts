import type { SagaDefinition, TerminalKind } from "./definition";
import {
  applyEvent,
  checkStuck,
  isStuck,
  newInstance,
  type AnomalyKind,
  type Instance,
  type SagaEvent,
} from "./engine";
import type { RecordContent } from "../kafka/normalise";
import { bytesView, parseRecordPaths, readText, type RecordPath } from "../records/path";
import type { SagaRecord } from "./extract";

export interface RegistryLimits {
  /** Live (non-terminal) instances kept per saga; beyond it the oldest are evicted and counted. */
  maxLive: number;
  /** Finished instances kept in full per saga; older ones survive only in the counts and durations. */
  retainFinished: number;
}

interface SagaState {
  def: SagaDefinition;
  /** The definition's paths, parsed once. */
  paths: { correlation: RecordPath[]; eventType: RecordPath[]; eventId: RecordPath[] | null };
  live: Map<string, Instance>;
  /** Insertion order = finish order, so the first key is the oldest. */
  finished: Map<string, Instance>;
  finishedCounts: Record<TerminalKind, number>;
  /** Durations of the most recent finished instances (ms), for p50/p95. */
  durations: number[];
  evictedLive: number;
  anomalies: Record<AnomalyKind, number>;
  /** Records on the saga's topics without a correlation id or event type. */
  unreadable: number;
}

const DURATION_SAMPLES = 5000;

export interface SagaSummary {
  name: string;
  description: string | null;
  style: "choreography" | "orchestration";
  topics: string[];
  live: number;
  byState: Record<string, number>;
  finished: Record<TerminalKind, number>;
  rates: Record<TerminalKind, number>;
  durationMs: { p50: number | null; p95: number | null };
  stuck: number;
  anomalies: Record<AnomalyKind, number>;
  evictedLive: number;
  unreadable: number;
}

export interface InstanceQuery {
  state?: string;
  /** Substring of the correlation id. */
  q?: string;
  anomaly?: AnomalyKind;
  limit?: number;
}

const percentile = (sorted: number[], p: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : null;

/**
 * Every saga's instances, in memory and bounded: events in (from live ingest
 * or the catch-up replay), instances and summaries out. The views are a
 * projection of the records; a restart rebuilds them from Kafka.
 */
export class SagaRegistry {
  private readonly sagas = new Map<string, SagaState>();
  private readonly byTopic = new Map<string, SagaState[]>();

  constructor(
    definitions: readonly SagaDefinition[],
    private readonly limits: RegistryLimits,
  ) {
    for (const def of definitions) {
      const s: SagaState = {
        def,
        paths: {
          correlation: parseRecordPaths(def.correlation),
          eventType: parseRecordPaths(def.eventType),
          eventId: def.eventId ? parseRecordPaths(def.eventId) : null,
        },
        live: new Map(),
        finished: new Map(),
        finishedCounts: { completed: 0, compensated: 0, failed: 0 },
        durations: [],
        evictedLive: 0,
        anomalies: { "invalid-transition": 0, duplicate: 0, "out-of-order": 0, stuck: 0 },
        unreadable: 0,
      };
      this.sagas.set(def.name, s);
      for (const t of def.topics) this.byTopic.set(t, [...(this.byTopic.get(t) ?? []), s]);
    }
  }

  topics(): Set<string> {
    return new Set(this.byTopic.keys());
  }

  definitions(): SagaDefinition[] {
    return [...this.sagas.values()].map((s) => s.def);
  }

  /** Applies one record to every saga that reads its topic. */
  ingest(r: SagaRecord): void {
    for (const e of this.extract(r)) this.apply(e.saga, e.event);
  }

  /** The saga events a record carries (one per saga reading its topic); small, for buffering during replay. */
  extract(r: SagaRecord): Array<{ saga: string; event: SagaEvent }> {
    const sagas = this.byTopic.get(r.topic);
    if (!sagas) return [];
    const view = bytesView(r);
    const out: Array<{ saga: string; event: SagaEvent }> = [];
    for (const s of sagas) {
      const id = readText(view, s.paths.correlation);
      const type = readText(view, s.paths.eventType);
      if (!id || !type) {
        s.unreadable++;
        continue;
      }
      const eventId = s.paths.eventId ? (readText(view, s.paths.eventId) ?? null) : null;
      out.push({
        saga: s.def.name,
        event: {
          correlationId: id,
          type,
          eventId,
          topic: r.topic,
          partition: r.partition,
          offset: r.offset,
          timestamp: r.timestamp,
        },
      });
    }
    return out;
  }

  apply(saga: string, e: SagaEvent): void {
    const s = this.sagas.get(saga);
    if (!s) return;
    const inst =
      s.live.get(e.correlationId) ?? s.finished.get(e.correlationId) ?? this.start(s, e.correlationId, e.timestamp);
    const wasTerminal = inst.terminal !== null;
    const { anomaly, unparked } = applyEvent(s.def, inst, e);
    if (anomaly) s.anomalies[anomaly.kind]++;
    for (const a of unparked?.withdrawn ?? []) s.anomalies[a.kind]--;
    for (const a of unparked?.added ?? []) s.anomalies[a.kind]++;
    if (!wasTerminal && inst.terminal) this.finish(s, inst);
  }

  private start(s: SagaState, id: string, at: number): Instance {
    const inst = newInstance(s.def, id, at);
    s.live.set(id, inst);
    if (s.live.size > this.limits.maxLive) {
      const oldest = s.live.keys().next().value as string;
      s.live.delete(oldest);
      s.evictedLive++;
    }
    return inst;
  }

  private finish(s: SagaState, inst: Instance): void {
    s.live.delete(inst.id);
    s.finished.set(inst.id, inst);
    s.finishedCounts[inst.terminal!]++;
    s.durations.push(inst.lastEventAt - inst.startedAt);
    if (s.durations.length > DURATION_SAMPLES) s.durations.splice(0, s.durations.length - DURATION_SAMPLES);
    while (s.finished.size > this.limits.retainFinished) s.finished.delete(s.finished.keys().next().value as string);
  }

  /** Flags live instances past their state's timeout; returns how many were newly flagged. */
  tick(now: number): number {
    let flagged = 0;
    for (const s of this.sagas.values()) {
      for (const inst of s.live.values()) {
        if (checkStuck(s.def, inst, now)) {
          s.anomalies.stuck++;
          flagged++;
        }
      }
    }
    return flagged;
  }

  summaries(): SagaSummary[] {
    return [...this.sagas.values()].map((s) => this.summarise(s));
  }

  summary(name: string): SagaSummary | null {
    const s = this.sagas.get(name);
    return s ? this.summarise(s) : null;
  }

  private summarise(s: SagaState): SagaSummary {
    const byState: Record<string, number> = Object.fromEntries(Object.keys(s.def.states).map((k) => [k, 0]));
    let stuck = 0;
    for (const inst of s.live.values()) {
      byState[inst.state] = (byState[inst.state] ?? 0) + 1;
      if (isStuck(inst)) stuck++;
    }
    for (const [state, st] of Object.entries(s.def.states)) if (st.terminal) byState[state] = 0;
    for (const inst of s.finished.values()) byState[inst.state] = (byState[inst.state] ?? 0) + 1;
    const done = s.finishedCounts.completed + s.finishedCounts.compensated + s.finishedCounts.failed;
    const rate = (n: number) => (done ? n / done : 0);
    const sorted = [...s.durations].sort((a, b) => a - b);
    return {
      name: s.def.name,
      description: s.def.description ?? null,
      style: s.def.style,
      topics: s.def.topics,
      live: s.live.size,
      byState,
      finished: { ...s.finishedCounts },
      rates: {
        completed: rate(s.finishedCounts.completed),
        compensated: rate(s.finishedCounts.compensated),
        failed: rate(s.finishedCounts.failed),
      },
      durationMs: { p50: percentile(sorted, 50), p95: percentile(sorted, 95) },
      stuck,
      anomalies: { ...s.anomalies },
      evictedLive: s.evictedLive,
      unreadable: s.unreadable,
    };
  }

  /** Instances of a saga matching a query, most recently active first. */
  instances(name: string, q: InstanceQuery): Instance[] | null {
    const s = this.sagas.get(name);
    if (!s) return null;
    const limit = Math.min(q.limit ?? 100, 1000);
    const out: Instance[] = [];
    const all = [...s.live.values(), ...s.finished.values()].sort((a, b) => b.lastEventAt - a.lastEventAt);
    for (const inst of all) {
      if (q.state && inst.state !== q.state) continue;
      if (q.q && !inst.id.includes(q.q)) continue;
      if (q.anomaly && !(q.anomaly === "stuck" ? isStuck(inst) : inst.anomalies.some((a) => a.kind === q.anomaly)))
        continue;
      out.push(inst);
      if (out.length >= limit) break;
    }
    return out;
  }

  /**
   * The instances a record's content belongs to (without applying it): for
   * links from other views, such as a dead letter's original. Correlation
   * paths read key, headers and value only, so no coordinates are needed.
   */
  instancesFor(r: RecordContent): Array<{ saga: string; id: string; state: string }> {
    const out: Array<{ saga: string; id: string; state: string }> = [];
    const view = bytesView(r);
    for (const s of this.byTopic.get(r.topic) ?? []) {
      const id = readText(view, s.paths.correlation);
      const inst = id ? (s.live.get(id) ?? s.finished.get(id)) : undefined;
      if (inst) out.push({ saga: s.def.name, id: inst.id, state: inst.state });
    }
    return out;
  }

  instance(name: string, id: string): Instance | null {
    const s = this.sagas.get(name);
    return s?.live.get(id) ?? s?.finished.get(id) ?? null;
  }

  definition(name: string): SagaDefinition | null {
    return this.sagas.get(name)?.def ?? null;
  }
}
