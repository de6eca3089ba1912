import { z } from "zod";
import { wireRecordSchema } from "./records";
import { overviewSchema } from "./overview";
import { serverStatusSchema } from "./status";

/** Socket.io event names; one place so a rename breaks the build, not production. */
export const SocketEvents = {
  /** server → client: a batch of records, newest last, sent on a short timer. */
  recordsBatch: "records:batch",
  /** server → client: connection state to Kafka and counters; sent on change and on connect. */
  status: "status",
  /** server → client: every topic's rates, sparkline and totals, once a second. */
  overview: "overview",
  /** client → server: what this browser wants in its stream; filtered on the server. */
  subscribe: "subscribe",
  /** server → client: this browser's session ended (logout, user disabled or role changed, expiry); the socket closes next. */
  sessionEnded: "session:ended",
} as const;

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
export type SubscribeResult = { ok: true } | { ok: false; error: { code: "INVALID_SUBSCRIPTION" | "FILTER_SYNTAX"; message: string; position?: number } };

export const recordsBatchSchema = z.object({
  records: z.array(wireRecordSchema),
  /** Records for this client dropped since the previous batch (client too slow). */
  dropped: z.number().int().nonnegative(),
  /** Over the last second: records that matched this client's subscription, and those sent (fewer when sampled). */
  matchedPerSec: z.number().int().nonnegative().optional(),
  sentPerSec: z.number().int().nonnegative().optional(),
});
export type RecordsBatch = z.infer<typeof recordsBatchSchema>;

export interface ServerToClientEvents {
  [SocketEvents.recordsBatch]: (batch: RecordsBatch) => void;
  [SocketEvents.status]: (status: z.infer<typeof serverStatusSchema>) => void;
  [SocketEvents.overview]: (overview: z.infer<typeof overviewSchema>) => void;
  [SocketEvents.sessionEnded]: (why: { code: string }) => void;
}

export interface ClientToServerEvents {
  [SocketEvents.subscribe]: (sub: Subscription, ack: (result: SubscribeResult) => void) => void;
}
