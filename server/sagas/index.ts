import type { Capability } from "../capability";
import type { Config } from "../config";
import type { StartSeek } from "../kafka/start-offsets";
import type { Logger } from "../log";
import { discoveryApi, sagasApi } from "./api";
import { FlowMiner } from "./discovery";
import { eventObserver } from "./discovery-feed";
import { loadDefinitions } from "./load";
import { createSagaRuntime, type ReplayKafka } from "./runtime";

export interface SagasDeps {
  kafka: ReplayKafka;
  log: Logger;
  config: Config["sagas"];
  /** Where live ingest starts reading (the saga replay reads up to there). */
  liveStartsAt: () => Promise<StartSeek[]>;
}

/**
 * Sagas on plain Kafka: each defined saga's state machine, rebuilt from a
 * bounded replay and then kept live. Reads the records of its definitions'
 * topics whole (every record is extracted); other topics cost nothing here.
 */
export function sagasCapability(deps: SagasDeps) {
  const defs = loadDefinitions(deps.config.dir);
  for (const b of defs.broken)
    deps.log.warn("saga definition is broken; that saga is not tracked", {
      file: b.file,
      saga: b.saga,
      errors: b.errors,
    });
  const runtime = createSagaRuntime({
    liveStartsAt: deps.liveStartsAt,
    kafka: deps.kafka,
    log: deps.log,
    definitions: defs.definitions,
    broken: defs.broken,
    limits: { maxLive: deps.config.maxLive, retainFinished: deps.config.retainFinished },
    lookbackHours: deps.config.lookbackHours,
    replayBuffer: deps.config.replayBuffer,
    reorderMs: deps.config.reorderMs,
  });
  const topics = runtime.topics();
  const sagasOf = new Map<string, string[]>();
  for (const d of defs.definitions) for (const t of d.topics) sagasOf.set(t, [...(sagasOf.get(t) ?? []), d.name]);
  return {
    name: "sagas",
    runtime,
    /** Whether a topic feeds a defined saga. */
    covers: (topic: string) => topics.has(topic),
    routes: sagasApi(runtime),
    reads: {
      select: (topic) => topics.has(topic),
      take: (records) => runtime.live([...records]),
      why: (topic) => (sagasOf.get(topic) ?? []).map((name) => `saga definition ${name}`).join(", "),
    },
    metrics: () => {
      const summaries = runtime.registry.summaries();
      return [
        {
          name: "sagascope_saga_instances",
          help: "Saga instances in memory by saga and state",
          type: "gauge",
          samples: summaries.flatMap((s) =>
            Object.entries(s.byState).map(([state, value]) => ({ labels: { saga: s.name, state }, value })),
          ),
        },
        {
          name: "sagascope_saga_finished_total",
          help: "Finished saga instances by outcome",
          type: "counter",
          samples: summaries.flatMap((s) =>
            Object.entries(s.finished).map(([outcome, value]) => ({ labels: { saga: s.name, outcome }, value })),
          ),
        },
        {
          name: "sagascope_saga_stuck",
          help: "Live saga instances past their state's timeout",
          type: "gauge",
          samples: summaries.map((s) => ({ labels: { saga: s.name }, value: s.stuck })),
        },
        {
          name: "sagascope_saga_anomalies_total",
          help: "Saga anomalies by kind",
          type: "counter",
          samples: summaries.flatMap((s) =>
            Object.entries(s.anomalies).map(([kind, value]) => ({ labels: { saga: s.name, kind }, value })),
          ),
        },
      ];
    },
    stop: () => runtime.stop(),
  } satisfies Capability & Record<string, unknown>;
}

/**
 * Flow discovery: correlated events on topics no saga definition covers
 * (and not dead letters). Cost per record of those topics: two record-path
 * reads (correlation id, event type), parsed lazily from the masked bytes.
 */
export function discoveryCapability(deps: {
  config: Config["discovery"];
  ignore: (topic: string) => boolean;
}): Capability {
  const miner = new FlowMiner();
  const observe = eventObserver(deps.config.correlation, deps.config.eventType);
  return {
    name: "discovery",
    routes: discoveryApi({ miner, ...deps.config }),
    onBatch: (batch) => {
      if (deps.ignore(batch.topic)) return;
      for (const r of batch.records) {
        const e = observe(r);
        if (e) miner.observe(e);
      }
    },
  };
}
