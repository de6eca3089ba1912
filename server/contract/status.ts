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

export const serverStatusSchema = z.object({
  kafka: z.object({
    state: z.enum(KafkaStates),
    /** Broker list the server was configured with, e.g. "localhost:9092". */
    brokers: z.array(z.string()),
    /** Epoch ms of the last state change. */
    since: z.number(),
    /** Topics currently ingested (non-internal). */
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
});
export type ServerStatus = z.infer<typeof serverStatusSchema>;
