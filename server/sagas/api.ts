import type { InstanceSummaryView, InstanceView } from "../contract";
import { discoveryRoutes, sagasRoutes } from "../contract/routes/sagas";
import { fail, implement, ok, type BoundRoute } from "../http/api";
import { definitionFromFlow, type FlowMiner } from "./discovery";
import { AnomalyKinds, isStuck, stepDurations, type AnomalyKind, type Instance } from "./engine";
import type { SagaRuntime } from "./runtime";

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

const isAnomalyKind = (s: string): s is AnomalyKind => (AnomalyKinds as readonly string[]).includes(s);

/** `/api/sagas/*`: read-only views of the saga projections (in memory; a request costs a scan of one saga's instances at most). */
export function sagasApi(runtime: SagaRuntime): BoundRoute[] {
  const reg = runtime.registry;
  const sagaMissing = (name: string) => fail("NOT_FOUND", { message: `saga ${name} not found` });
  return [
    implement(sagasRoutes.list, () =>
      ok({ sagas: reg.summaries(), broken: runtime.broken(), catchUp: runtime.catchUp() }),
    ),
    implement(sagasRoutes.detail, ({ params }) => {
      const def = reg.definition(params.name);
      const summary = reg.summary(params.name);
      if (!def || !summary) return sagaMissing(params.name);
      return ok({
        summary,
        definition: { name: def.name, initial: def.initial, states: def.states, transitions: def.transitions },
        catchUp: runtime.catchUp(),
      });
    }),
    implement(sagasRoutes.instances, ({ params, query }) => {
      if (!reg.definition(params.name)) return sagaMissing(params.name);
      // An empty anomaly (or state, or q) is no filter.
      const anomaly = query.anomaly || undefined;
      if (anomaly !== undefined && !isAnomalyKind(anomaly)) return fail("INVALID_ANOMALY", { allowed: AnomalyKinds });
      // Not a number, or 0: the default.
      const limit = Number(query.limit ?? 100) || 100;
      const list = reg.instances(params.name, {
        state: query.state || undefined,
        q: query.q || undefined,
        anomaly,
        limit,
      });
      return ok({ instances: (list ?? []).map(summaryOf) });
    }),
    implement(sagasRoutes.instance, ({ params }) => {
      if (!reg.definition(params.name)) return sagaMissing(params.name);
      const inst = reg.instance(params.name, params.id);
      return inst
        ? ok(viewOf(inst))
        : fail("NOT_FOUND", { message: `instance ${params.id} of saga ${params.name} not found` });
    }),
  ];
}

export interface DiscoveryApiDeps {
  miner: FlowMiner;
  /** The paths read as the correlation id and the event type (DISCOVERY_CORRELATION, DISCOVERY_EVENT_TYPE). */
  correlation: string[];
  eventType: string[];
}

/** `/api/discovery`: the flow inferred from correlated events no definition covers, and a starting definition (built per request from the miner's bounded graph). */
export function discoveryApi(d: DiscoveryApiDeps): BoundRoute[] {
  const discovered = () => {
    const graph = d.miner.graph();
    const topics = [...new Set(graph.nodes.flatMap((n) => n.topics))].sort();
    const definition = graph.nodes.length
      ? definitionFromFlow(graph, { name: "discovered", topics, correlation: d.correlation, eventType: d.eventType })
      : null;
    return { graph, definition };
  };
  return [
    implement(discoveryRoutes.flow, () => ok({ correlation: d.correlation, eventType: d.eventType, ...discovered() })),
    implement(discoveryRoutes.definition, () => {
      const { definition } = discovered();
      return definition
        ? ok(definition)
        : fail("NOT_FOUND", { message: "a discovered flow (no correlated events seen yet) not found" });
    }),
  ];
}
