import type { InstanceSummaryView, InstanceView, SagaDetail, SagaList } from "../contract";
import { AnomalyKinds, isStuck, stepDurations, type AnomalyKind, type Instance } from "./engine";
import type { SagaRuntime } from "./runtime";
import { definitionFromFlow, type FlowMiner } from "./discovery";

export interface SagaResponse {
  status: number;
  body: unknown;
}

const notFound = (what: string): SagaResponse => ({ status: 404, body: { error: { code: "NOT_FOUND", message: `${what} not found` } } });

const summaryOf = (i: Instance): InstanceSummaryView => ({
  id: i.id,
  state: i.state,
  terminal: i.terminal,
  startedAt: i.startedAt,
  lastEventAt: i.lastEventAt,
  events: i.history.length,
  anomalies: [...new Set(i.anomalies.map((a) => a.kind))],
  stuck: isStuck(i),
});

const viewOf = (i: Instance): InstanceView => ({
  ...summaryOf(i),
  saga: i.saga,
  enteredAt: i.enteredAt,
  history: i.history,
  anomalyList: i.anomalies,
  steps: stepDurations(i),
});

/** `/api/sagas/*`: read-only views of the saga projections. */
export function handleSagas(method: string, pathname: string, query: URLSearchParams, runtime: SagaRuntime): SagaResponse | null {
  if (!pathname.startsWith("/api/sagas")) return null;
  if (method !== "GET") return { status: 405, body: { error: { code: "METHOD_NOT_ALLOWED" } } };
  const parts = pathname.split("/").slice(3).map(decodeURIComponent); // ["", "api", "sagas", ...]
  const reg = runtime.registry;
  if (parts.length === 0 || (parts.length === 1 && parts[0] === "")) {
    const body: SagaList = { sagas: reg.summaries(), broken: runtime.broken(), catchUp: runtime.catchUp() };
    return { status: 200, body };
  }
  const [name, sub, id] = parts as [string, string | undefined, string | undefined];
  const def = reg.definition(name);
  if (!def) return notFound(`saga ${name}`);
  if (sub === undefined) {
    const body: SagaDetail = {
      summary: reg.summary(name)!,
      definition: { name: def.name, initial: def.initial, states: def.states, transitions: def.transitions },
      catchUp: runtime.catchUp(),
    };
    return { status: 200, body };
  }
  if (sub !== "instances") return notFound(pathname);
  if (id === undefined) {
    const anomaly = query.get("anomaly") ?? undefined;
    if (anomaly && !(AnomalyKinds as readonly string[]).includes(anomaly)) return { status: 400, body: { error: { code: "INVALID_ANOMALY", allowed: AnomalyKinds } } };
    const list = reg.instances(name, { state: query.get("state") || undefined, q: query.get("q") || undefined, anomaly: anomaly as AnomalyKind | undefined, limit: Number(query.get("limit") ?? 100) || 100 });
    return { status: 200, body: { instances: (list ?? []).map(summaryOf) } };
  }
  const inst = reg.instance(name, id);
  return inst ? { status: 200, body: viewOf(inst) } : notFound(`instance ${id} of saga ${name}`);
}

/** `/api/discovery`: the flow inferred from correlated events no definition covers, and a starting definition. */
export function handleDiscovery(method: string, pathname: string, d: { miner: FlowMiner; correlation: string[]; eventType: string[] }): SagaResponse | null {
  if (pathname !== "/api/discovery" && pathname !== "/api/discovery/definition.json") return null;
  if (method !== "GET") return { status: 405, body: { error: { code: "METHOD_NOT_ALLOWED" } } };
  const graph = d.miner.graph();
  const topics = [...new Set(graph.nodes.flatMap((n) => n.topics))].sort();
  const definition = graph.nodes.length ? definitionFromFlow(graph, { name: "discovered", topics, correlation: d.correlation, eventType: d.eventType }) : null;
  if (pathname.endsWith(".json")) return definition ? { status: 200, body: definition } : notFound("a discovered flow (no correlated events seen yet)");
  return { status: 200, body: { correlation: d.correlation, eventType: d.eventType, graph, definition } };
}
