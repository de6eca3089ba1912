import { z } from "zod";
import type { Role } from "../auth/roles";
import { wireRecordSchema } from "./records";
import { overviewSummarySchema } from "./overview";
import { serverStatusSchema } from "./status";
import { capabilitySocketTopics } from "./routes";

/** A live-tail subscription; every part is optional and they all must match. */
export const subscriptionSchema = z
  .object({
    /** Only these topics; empty or omitted: all. */
    topics: z.array(z.string().min(1)).max(500).optional(),
    partition: z.number().int().nonnegative().optional(),
    /** Substring of the key (as text). */
    key: z.string().max(1000).optional(),
    /** A header that must be present, with this value when given. */
    header: z.object({ name: z.string().min(1).max(256), value: z.string().max(1000).optional() }).optional(),
    /** Substring of the value (as text, within the preview). */
    valueContains: z.string().max(1000).optional(),
    /** Expression in the filter language, e.g. `value.amount > 100 && headers.saga-id == "o-42"`. */
    expr: z.string().max(1000).optional(),
    /** At most this many records per second to this tab (never more than the server's CLIENT_MAX_RECORDS_PER_SEC); beyond it, an even sample. */
    maxRecordsPerSec: z.number().int().min(1).max(1_000_000).optional(),
  })
  .strict();
export type Subscription = z.infer<typeof subscriptionSchema>;

export const subscribeResultSchema = z.discriminatedUnion("ok", [
  z.object({ ok: z.literal(true) }),
  z.object({
    ok: z.literal(false),
    error: z.object({
      code: z.enum(["INVALID_SUBSCRIPTION", "FILTER_SYNTAX"]),
      message: z.string(),
      position: z.number().int().optional(),
    }),
  }),
]);
export type SubscribeResult = z.infer<typeof subscribeResultSchema>;

export const recordsBatchSchema = z.object({
  records: z.array(wireRecordSchema),
  /** Records for this client dropped since the previous batch (client too slow). */
  dropped: z.number().int().nonnegative(),
  /** Over the last second: records that matched this client's subscription, and those sent (fewer when sampled). */
  matchedPerSec: z.number().int().nonnegative().optional(),
  sentPerSec: z.number().int().nonnegative().optional(),
});
export type RecordsBatch = z.infer<typeof recordsBatchSchema>;

export const sessionEndedSchema = z.object({ code: z.string() });

/**
 * How the hub delivers a server → client topic: `stream` is the records
 * fan-out (per-client queues, filters, sampling; one special path in the
 * hub), `snapshot` is the latest state sent whole to every allowed client,
 * `signal` is sent to one client by the hub itself.
 */
export type SocketDelivery = "stream" | "snapshot" | "signal";

interface ToClientTopic {
  name: string;
  direction: "server-to-client";
  schema: z.ZodType;
  /** The weakest role that receives it. */
  role: Role;
  delivery: SocketDelivery;
  /** A client that is behind skips it rather than queueing it (a periodic snapshot). */
  volatile?: boolean;
}
interface ToServerTopic {
  name: string;
  direction: "client-to-server";
  schema: z.ZodType;
  /** What the server acknowledges with. */
  ack: z.ZodType;
  /** The weakest role that may send it. */
  role: Role;
}
export type SocketTopic = ToClientTopic | ToServerTopic;

/**
 * Every socket.io topic, declared once: its name on the wire, direction,
 * payload schema and the role it needs. The typed event maps below, the
 * hub's role checks and the browser's edge parsing all come from here, so a
 * rename or a schema change breaks the build, not production.
 */
export const socketTopics = {
  /** A batch of records, newest last, sent on a short timer. */
  recordsBatch: {
    name: "records:batch",
    direction: "server-to-client",
    schema: recordsBatchSchema,
    role: "viewer",
    delivery: "stream",
  },
  /** Connection state to Kafka and counters; sent on change, on connect and every second (per client: its drops and rates). */
  status: {
    name: "status",
    direction: "server-to-client",
    schema: serverStatusSchema,
    role: "viewer",
    delivery: "snapshot",
  },
  /** The cluster's rates, sparkline and totals, once a second (a tab's topic rows: GET /api/topics/view). */
  overview: {
    name: "overview",
    direction: "server-to-client",
    schema: overviewSummarySchema,
    role: "viewer",
    delivery: "snapshot",
    volatile: true,
  },
  /** This browser's session ended (logout, user disabled or role changed, expiry); the socket closes next. */
  sessionEnded: {
    name: "session:ended",
    direction: "server-to-client",
    schema: sessionEndedSchema,
    role: "viewer",
    delivery: "signal",
  },
  /** What this browser wants in its stream; filtered on the server. */
  subscribe: {
    name: "subscribe",
    direction: "client-to-server",
    schema: subscriptionSchema,
    ack: subscribeResultSchema,
    role: "viewer",
  },
  ...capabilitySocketTopics,
} as const satisfies Record<string, SocketTopic>;

export type SocketTopics = typeof socketTopics;
export type SocketTopicKey = keyof SocketTopics;
type Decl<N extends string> = Extract<SocketTopics[SocketTopicKey], { name: N }>;
/** Names of the topics the server sends (`D`: only those delivered so). */
export type ToClientName<D extends SocketDelivery = SocketDelivery> = Extract<
  SocketTopics[SocketTopicKey],
  { direction: "server-to-client"; delivery: D }
>["name"];
export type ToServerName = Extract<SocketTopics[SocketTopicKey], { direction: "client-to-server" }>["name"];
/** The payload of a topic, by its name. */
export type SocketPayload<N extends ToClientName | ToServerName> = z.infer<Decl<N>["schema"]>;

export type ServerToClientEvents = { [N in ToClientName]: (payload: SocketPayload<N>) => void };
export type ClientToServerEvents = {
  [N in ToServerName]: (
    payload: SocketPayload<N>,
    ack: (result: z.infer<Extract<Decl<N>, { ack: z.ZodType }>["ack"]>) => void,
  ) => void;
};

/** Topic names by key (`SocketEvents.recordsBatch === "records:batch"`), read off the table. */
export const SocketEvents = Object.fromEntries(Object.entries(socketTopics).map(([key, t]) => [key, t.name])) as {
  readonly [K in SocketTopicKey]: SocketTopics[K]["name"];
};
