import { z } from "zod";

export const KafkaStates = ["connecting", "connected", "disconnected"] as const;
export type KafkaState = (typeof KafkaStates)[number];

/** Error codes the UI shows messages for; never free text alone. */
export const StatusErrorCodes = [
  "KAFKA_UNREACHABLE",
  "KAFKA_CONSUMER_CRASHED",
  "KAFKA_METADATA_FAILED",
  "KAFKA_AUTH_FAILED",
  "KAFKA_TLS_FAILED",
  "DATABASE_UNREACHABLE",
] as const;
export type StatusErrorCode = (typeof StatusErrorCodes)[number];

/** One capability's reason for reading a topic's records ("sagas": "saga definition checkout"). */
export const readReasonSchema = z.object({ capability: z.string(), why: z.string() });
export type ReadReason = z.infer<typeof readReasonSchema>;

/** One read topic in /api/status: who wants it, how its positions are kept, and its reader's state. */
export const readTopicSchema = z.object({
  topic: z.string(),
  wantedBy: z.array(readReasonSchema),
  /** kept: committed in a group of its own; shared: the INGEST_TOPICS reader; live: from when reading started, nothing committed. */
  kind: z.enum(["kept", "shared", "live"]).optional(),
  reader: z
    .object({
      state: z.enum(["starting", "reading", "retrying"]),
      since: z.number(),
      error: z.object({ code: z.string(), message: z.string() }).nullable(),
    })
    .optional(),
});

/** What Sagascope reads: totals (in every status), and per topic who wants it (in /api/status only). */
export const readsSchema = z.object({
  /** Topics whose records are read. */
  topics: z.number().int().nonnegative(),
  /** Records and bytes per second read over those topics, 5 s average. */
  recordsPerSec: z.number().nonnegative(),
  bytesPerSec: z.number().nonnegative(),
  /** In-scope topics the cluster lists (read or not). */
  inScope: z.number().int().nonnegative().optional(),
  /** Whether a tab asking for every topic is given them (false: the cluster is too big, the live page asks which to tail). */
  tailAll: z.boolean().optional(),
  byTopic: z.array(readTopicSchema).optional(),
});
export type Reads = z.infer<typeof readsSchema>;

export const serverStatusSchema = z.object({
  kafka: z.object({
    state: z.enum(KafkaStates),
    /** Broker list the server was configured with, e.g. "localhost:9092". */
    brokers: z.array(z.string()),
    /** Epoch ms of the last state change. */
    since: z.number(),
    /** Topics whose records are read now (the others are counted from their offsets: reads.inScope). */
    topics: z.array(z.string()),
    error: z.object({ code: z.enum(StatusErrorCodes), message: z.string(), retriable: z.boolean() }).nullable(),
    /** Epoch ms of the next reconnect attempt when disconnected. */
    retryAt: z.number().nullable(),
  }),
  /** Records ingested since the server started. */
  recordsIngested: z.number().int().nonnegative(),
  /** Records this client did not receive because it could not keep up. */
  droppedForClient: z.number().int().nonnegative(),
  /** This browser's stream over the last second: records matched by its subscription and records sent (fewer when sampled). */
  matchedPerSec: z.number().int().nonnegative().optional(),
  sentPerSec: z.number().int().nonnegative().optional(),
  serverStartedAt: z.number(),
  /** Optional: servers before it did not send it. */
  reads: readsSchema.optional(),
});
export type ServerStatus = z.infer<typeof serverStatusSchema>;
