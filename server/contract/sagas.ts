import { z } from "zod";

/** REST shapes of the saga views and flow discovery (server/sagas/api.ts). */

export const TerminalKindViews = ["completed", "compensated", "failed"] as const;
export type TerminalKindView = (typeof TerminalKindViews)[number];
export const AnomalyKindViews = ["invalid-transition", "duplicate", "out-of-order", "stuck"] as const;
export type AnomalyKindView = (typeof AnomalyKindViews)[number];

const terminalKind = z.enum(TerminalKindViews);
const anomalyKind = z.enum(AnomalyKindViews);
/** One number per terminal kind (every kind present). */
const perTerminal = z.record(terminalKind, z.number());

export const sagaSummarySchema = z.object({
  name: z.string(),
  description: z.string().nullable(),
  style: z.enum(["choreography", "orchestration"]),
  topics: z.array(z.string()),
  /** Instances in progress. */
  live: z.number().int(),
  /** Instances per state: live ones, and the finished ones kept in memory for terminal states. */
  byState: z.record(z.string(), z.number().int()),
  finished: perTerminal,
  /** Share of finished instances per outcome (0..1). */
  rates: perTerminal,
  durationMs: z.object({ p50: z.number().nullable(), p95: z.number().nullable() }),
  stuck: z.number().int(),
  anomalies: z.record(anomalyKind, z.number().int()),
  evictedLive: z.number().int(),
  /** Records on the saga's topics without a correlation id or event type. */
  unreadable: z.number().int(),
});
export type SagaSummaryView = z.infer<typeof sagaSummarySchema>;

export const catchUpSchema = z.object({
  state: z.enum(["idle", "catching-up", "live", "failed"]),
  read: z.number().int(),
  total: z.number().int(),
  since: z.number().nullable(),
  error: z.string().nullable(),
  overflow: z.number().int(),
});
export type CatchUpView = z.infer<typeof catchUpSchema>;

export const brokenDefinitionSchema = z.object({
  file: z.string(),
  saga: z.string().nullable(),
  errors: z.array(z.object({ field: z.string(), message: z.string() })),
});
export type BrokenDefinitionView = z.infer<typeof brokenDefinitionSchema>;

export const sagaListSchema = z.object({
  sagas: z.array(sagaSummarySchema),
  broken: z.array(brokenDefinitionSchema),
  catchUp: catchUpSchema,
});
export type SagaList = z.infer<typeof sagaListSchema>;

const transitionSchema = z.object({ from: z.string(), event: z.string(), to: z.string(), compensation: z.boolean() });
const stateViewSchema = z.object({
  terminal: terminalKind.optional(),
  timeoutSec: z.number().optional(),
  description: z.string().optional(),
});

export const sagaDefinitionViewSchema = z.object({
  name: z.string(),
  initial: z.string(),
  states: z.record(z.string(), stateViewSchema),
  transitions: z.array(transitionSchema),
});
export type SagaDefinitionView = z.infer<typeof sagaDefinitionViewSchema>;

export const sagaDetailSchema = z.object({
  summary: sagaSummarySchema,
  definition: sagaDefinitionViewSchema,
  catchUp: catchUpSchema,
});
export type SagaDetail = z.infer<typeof sagaDetailSchema>;

export const instanceSummarySchema = z.object({
  /** The correlation id. */
  id: z.string(),
  state: z.string(),
  terminal: terminalKind.nullable(),
  startedAt: z.number(),
  lastEventAt: z.number(),
  events: z.number().int(),
  /** Each kind the instance has shown, once. */
  anomalies: z.array(anomalyKind),
  stuck: z.boolean(),
});
export type InstanceSummaryView = z.infer<typeof instanceSummarySchema>;

export const instanceListSchema = z.object({ instances: z.array(instanceSummarySchema) });
export type InstanceList = z.infer<typeof instanceListSchema>;

const recordRefSchema = z.object({ topic: z.string(), partition: z.number().int(), offset: z.string() });

export const instanceViewSchema = instanceSummarySchema.extend({
  saga: z.string(),
  enteredAt: z.number(),
  history: z.array(
    z.object({
      type: z.string(),
      topic: z.string(),
      partition: z.number().int(),
      offset: z.string(),
      timestamp: z.number(),
      eventId: z.string().nullable(),
      from: z.string(),
      /** Equal to `from` when the event was refused. */
      to: z.string(),
      compensation: z.boolean(),
      refused: z.enum(["invalid-transition", "duplicate"]).nullable(),
    }),
  ),
  anomalyList: z.array(
    z.object({ kind: anomalyKind, at: z.number(), message: z.string(), record: recordRefSchema.nullable() }),
  ),
  steps: z.array(z.object({ state: z.string(), from: z.number(), to: z.number().nullable() })),
});
export type InstanceView = z.infer<typeof instanceViewSchema>;

/** A directly-follows graph of event types (server/sagas/discovery.ts). */
export const flowGraphSchema = z.object({
  /** Correlated traces followed (bounded by the miner's capacity). */
  traces: z.number().int(),
  events: z.number().int(),
  nodes: z.array(
    z.object({
      type: z.string(),
      count: z.number().int(),
      starts: z.number().int(),
      ends: z.number().int(),
      topics: z.array(z.string()),
    }),
  ),
  /** `to` came next after `from` in the same trace. */
  edges: z.array(
    z.object({
      from: z.string(),
      to: z.string(),
      count: z.number().int(),
      p50Ms: z.number().nullable(),
      p95Ms: z.number().nullable(),
    }),
  ),
});
export type FlowGraphView = z.infer<typeof flowGraphSchema>;

/** A saga definition file as the discovered flow suggests it (the file format of server/sagas/definition.ts, paths as lists). */
export const discoveredDefinitionSchema = z.object({
  name: z.string(),
  description: z.string().optional(),
  style: z.enum(["choreography", "orchestration"]),
  topics: z.array(z.string()),
  correlation: z.array(z.string()),
  eventType: z.array(z.string()),
  eventId: z.array(z.string()).optional(),
  initial: z.string(),
  states: z.record(z.string(), stateViewSchema),
  transitions: z.array(transitionSchema),
});
export type DiscoveredDefinition = z.infer<typeof discoveredDefinitionSchema>;

export const discoverySchema = z.object({
  /** The paths read as the correlation id and the event type (DISCOVERY_CORRELATION, DISCOVERY_EVENT_TYPE). */
  correlation: z.array(z.string()),
  eventType: z.array(z.string()),
  graph: flowGraphSchema,
  /** Null until a correlated event was seen. */
  definition: discoveredDefinitionSchema.nullable(),
});
export type DiscoveryView = z.infer<typeof discoverySchema>;
