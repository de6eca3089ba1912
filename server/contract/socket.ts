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
} as const;

export const recordsBatchSchema = z.object({
  records: z.array(wireRecordSchema),
  /** Records for this client dropped since the previous batch (client too slow). */
  dropped: z.number().int().nonnegative(),
});
export type RecordsBatch = z.infer<typeof recordsBatchSchema>;

export interface ServerToClientEvents {
  [SocketEvents.recordsBatch]: (batch: RecordsBatch) => void;
  [SocketEvents.status]: (status: z.infer<typeof serverStatusSchema>) => void;
  [SocketEvents.overview]: (overview: z.infer<typeof overviewSchema>) => void;
}

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface ClientToServerEvents {}
