import { definitionSchema, type SagaDefinition } from "./definition";

export interface ObservedEvent {
  correlationId: string;
  type: string;
  timestamp: number;
  topic: string;
}

export interface FlowGraph {
  /** Correlated traces seen (bounded by the miner's capacity). */
  traces: number;
  events: number;
  nodes: Array<{ type: string; count: number; starts: number; ends: number; topics: string[] }>;
  /** Directly-follows edges: `to` came next after `from` in the same trace. */
  edges: Array<{ from: string; to: string; count: number; p50Ms: number | null; p95Ms: number | null }>;
}

interface Trace {
  first: string;
  last: string;
  lastAt: number;
}

const SAMPLES = 500;
const pct = (xs: number[], p: number) => {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};

/**
 * Infers a flow from correlated events that no saga definition covers: a
 * directly-follows graph (which event type follows which, how often, how
 * long after). Bounded: at most `capacity` traces are followed (the least
 * recently active are forgotten) and a sample of durations per edge.
 */
export class FlowMiner {
  private readonly traces = new Map<string, Trace>();
  private readonly nodes = new Map<string, { count: number; starts: number; topics: Set<string> }>();
  private readonly edges = new Map<string, { from: string; to: string; count: number; durations: number[] }>();
  private events = 0;

  constructor(private readonly capacity = 50_000) {}

  observe(e: ObservedEvent): void {
    this.events++;
    const node = this.nodes.get(e.type) ?? { count: 0, starts: 0, topics: new Set<string>() };
    node.count++;
    if (node.topics.size < 20) node.topics.add(e.topic);
    this.nodes.set(e.type, node);
    const t = this.traces.get(e.correlationId);
    if (!t) {
      node.starts++;
      this.traces.set(e.correlationId, { first: e.type, last: e.type, lastAt: e.timestamp });
      if (this.traces.size > this.capacity) this.traces.delete(this.traces.keys().next().value as string);
      return;
    }
    const key = `${t.last}\u0000${e.type}`;
    const edge = this.edges.get(key) ?? { from: t.last, to: e.type, count: 0, durations: [] };
    edge.count++;
    edge.durations.push(Math.max(0, e.timestamp - t.lastAt));
    if (edge.durations.length > SAMPLES) edge.durations.splice(0, edge.durations.length - SAMPLES);
    this.edges.set(key, edge);
    // Most recently active last, so the first key is the one to forget.
    this.traces.delete(e.correlationId);
    this.traces.set(e.correlationId, { first: t.first, last: e.type, lastAt: e.timestamp });
  }

  graph(): FlowGraph {
    const ends = new Map<string, number>();
    for (const t of this.traces.values()) ends.set(t.last, (ends.get(t.last) ?? 0) + 1);
    return {
      traces: this.traces.size,
      events: this.events,
      nodes: [...this.nodes]
        .map(([type, n]) => ({
          type,
          count: n.count,
          starts: n.starts,
          ends: ends.get(type) ?? 0,
          topics: [...n.topics].sort(),
        }))
        .sort((a, b) => b.count - a.count),
      edges: [...this.edges.values()]
        .map((e) => ({
          from: e.from,
          to: e.to,
          count: e.count,
          p50Ms: pct(e.durations, 50),
          p95Ms: pct(e.durations, 95),
        }))
        .sort((a, b) => b.count - a.count),
    };
  }
}

const stateOf = (type: string) =>
  `after-${type
    .replace(/([a-z0-9])([A-Z])/g, "$1-$2")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "")}`.slice(0, 63);

/**
 * A starting definition from a discovered flow: one state per event type
 * ("after-order-created"), a transition for every directly-follows edge seen
 * at least `minCount` times, start events leaving the initial state, and the
 * event types that end most traces without a common successor as terminal
 * (`completed`). Meant to be edited: compensations and timeouts need a human.
 */
export function definitionFromFlow(
  g: FlowGraph,
  opts: { name: string; topics: string[]; correlation: string[]; eventType: string[]; minCount?: number },
): SagaDefinition {
  const min = opts.minCount ?? 1;
  const edges = g.edges.filter((e) => e.count >= min && e.from !== e.to);
  const states: Record<string, { terminal?: "completed"; description?: string }> = {
    start: { description: "Before the first event" },
  };
  for (const n of g.nodes) states[stateOf(n.type)] = { description: `After ${n.type} (seen ${n.count}×)` };
  const outgoing = (type: string) => edges.filter((e) => e.from === type).reduce((s, e) => s + e.count, 0);
  const terminals = g.nodes.filter((n) => n.ends > 0 && outgoing(n.type) < n.ends);
  const chosen = terminals.length
    ? terminals
    : g.nodes
        .slice()
        .sort((a, b) => b.ends - a.ends)
        .slice(0, 1);
  for (const n of chosen) states[stateOf(n.type)] = { ...states[stateOf(n.type)], terminal: "completed" };
  const transitions = [
    ...g.nodes
      .filter((n) => n.starts > 0)
      .map((n) => ({ from: "start", event: n.type, to: stateOf(n.type), compensation: false })),
    ...edges
      .filter((e) => !states[stateOf(e.from)]?.terminal)
      .map((e) => ({ from: stateOf(e.from), event: e.to, to: stateOf(e.to), compensation: false })),
  ];
  const unique = transitions.filter(
    (t, i) => transitions.findIndex((o) => o.from === t.from && o.event === t.event) === i,
  );
  return definitionSchema.parse({
    name: opts.name,
    description: `Discovered from ${g.traces} traces and ${g.events} events; review before use (compensations, timeouts).`,
    topics: opts.topics.length ? opts.topics : ["(unknown)"],
    correlation: opts.correlation,
    eventType: opts.eventType,
    initial: "start",
    states,
    transitions: unique.length
      ? unique
      : [{ from: "start", event: "(none)", to: Object.keys(states).find((s) => states[s]!.terminal)! }],
  });
}
