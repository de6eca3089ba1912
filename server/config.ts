import os from "node:os";
import path from "node:path";
import { z } from "zod";
import { isLoopback } from "./auth/operator";
import { LogLevels } from "./log";
import { maskRulesSchema, type MaskRule } from "./security/masking";

/**
 * Every setting comes from the environment; the README's configuration table
 * lists the same names and defaults. Parsed once at the edge.
 */
const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default("127.0.0.1"),
  KAFKA_BROKERS: z.string().default("localhost:9092"),
  KAFKA_CLIENT_ID: z.string().default("sagascope"),
  SAGASCOPE_INSTANCE: z.string().default(os.hostname()),
  KAFKA_GROUP_ID: z.string().optional(),
  KAFKA_START_FROM: z.enum(["latest", "earliest"]).default("latest"),
  TOPIC_REFRESH_MS: z.coerce.number().int().min(500).default(5000),
  PUSH_INTERVAL_MS: z.coerce.number().int().min(10).max(1000).default(75),
  CLIENT_BUFFER_RECORDS: z.coerce.number().int().min(10).default(2000),
  CLIENT_MAX_RECORDS_PER_SEC: z.coerce.number().int().min(1).default(2000),
  /** "1" accepts listening beyond loopback while reads need no login (there are no accounts yet). */
  ALLOW_OPEN_READS: z.enum(["0", "1"]).default("0"),
  RECORDS_MAX_READS: z.coerce.number().int().min(1).max(64).default(4),
  /** JSON array of masking rules (server/security/masking.ts). */
  MASKING_RULES: z
    .string()
    .default("[]")
    .transform((s, ctx) => {
      let raw: unknown;
      try {
        raw = JSON.parse(s);
      } catch {
        ctx.addIssue({ code: "custom", message: "is not valid JSON" });
        return z.NEVER;
      }
      const rules = maskRulesSchema.safeParse(raw);
      if (!rules.success) {
        ctx.addIssue({ code: "custom", message: rules.error.issues.map((i) => `rule ${i.path.join(".")}: ${i.message}`).join("; ") });
        return z.NEVER;
      }
      return rules.data;
    }),
  STATS_FLUSH_MS: z.coerce.number().int().min(100).default(5000),
  DATA_DIR: z.string().default("data"),
  DATABASE_URL: z.string().optional(),
  LOG_LEVEL: z.enum(LogLevels).default("info"),
  DLT_PATTERNS: z.string().optional(),
  DLT_TOPICS: z.string().default(""),
  THROUGHPUT_RETENTION_HOURS: z.coerce.number().positive().default(24),
  NODE_ENV: z.string().default("development"),
  OPERATOR_TOKEN: z.string().min(16, "must be at least 16 characters").optional(),
  SAGAS_DIR: z.string().default("sagas"),
  SAGA_LOOKBACK_HOURS: z.coerce.number().min(0).default(24),
  SAGA_MAX_LIVE: z.coerce.number().int().min(100).default(100_000),
  SAGA_RETAIN_FINISHED: z.coerce.number().int().min(0).default(10_000),
  SAGA_REPLAY_BUFFER: z.coerce.number().int().min(1000).default(500_000),
  SAGA_REORDER_MS: z.coerce.number().int().min(0).default(1000),
  GROUP_SAMPLE_MS: z.coerce.number().int().min(200).default(5000),
  TRACE_INDEX_RECORDS: z.coerce.number().int().min(100).default(100_000),
  TRACE_INDEX_MINUTES: z.coerce.number().positive().default(60),
  TRACE_INDEX_MIB: z.coerce.number().positive().default(64),
  DISCOVERY_CORRELATION: z.string().default("headers.saga-id,headers.correlation-id,headers.correlationId,headers.ce_subject"),
  DISCOVERY_EVENT_TYPE: z.string().default("headers.event-type,headers.ce_type,headers.eventType,value.type,value.eventType"),
});

export interface Config {
  port: number;
  host: string;
  brokers: string[];
  clientId: string;
  groupId: string;
  startFrom: "latest" | "earliest";
  topicRefreshMs: number;
  pushIntervalMs: number;
  clientBufferRecords: number;
  clientMaxRecordsPerSec: number;
  recordsMaxReads: number;
  maskingRules: MaskRule[];
  statsFlushMs: number;
  dataDir: string;
  databaseUrl: string | undefined;
  logLevel: (typeof LogLevels)[number];
  dev: boolean;
  /** Globs naming dead-letter topics; undefined → the defaults in server/dlq/patterns.ts. */
  dltPatterns: string[] | undefined;
  dltTopics: string[];
  throughputRetentionHours: number;
  /** Bearer token for operator actions; unset → actions are open on loopback only. Never logged. */
  operatorToken: string | null;
  groupSampleMs: number;
  traceIndex: { records: number; maxAgeMs: number; maxBytes: number };
  /** Paths read from records on topics no saga definition covers, to infer flows. */
  discovery: { correlation: string[]; eventType: string[] };
  sagas: { dir: string; lookbackHours: number; maxLive: number; retainFinished: number; replayBuffer: number; reorderMs: number };
}

export class ConfigError extends Error {
  readonly code = "CONFIG_INVALID";
}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new ConfigError(`Invalid configuration: ${issues}`);
  }
  const e = parsed.data;
  const brokers = list(e.KAFKA_BROKERS);
  if (brokers.length === 0) throw new ConfigError("Invalid configuration: KAFKA_BROKERS is empty");
  // Safe by default: Sagascope has no user accounts yet, so beyond loopback anyone
  // who reaches the port could read every topic. Refuse unless that is accepted
  // explicitly, and never without an operator token guarding the actions.
  if (!isLoopback(e.HOST)) {
    if (!e.OPERATOR_TOKEN) throw new ConfigError(`Invalid configuration: HOST=${e.HOST} is not loopback and OPERATOR_TOKEN is not set; set OPERATOR_TOKEN (16+ characters) to guard retries, discards and redrives, or keep HOST=127.0.0.1`);
    if (e.ALLOW_OPEN_READS !== "1") throw new ConfigError(`Invalid configuration: HOST=${e.HOST} is not loopback and Sagascope has no login yet, so every page and the REST API would be readable by anyone who reaches the port; put it behind an authenticating proxy and set ALLOW_OPEN_READS=1, or keep HOST=127.0.0.1`);
  }
  return {
    port: e.PORT,
    host: e.HOST,
    brokers,
    clientId: e.KAFKA_CLIENT_ID,
    // A group of our own, so Sagascope never joins (and rebalances) an application's group.
    groupId: e.KAFKA_GROUP_ID ?? `sagascope-${e.SAGASCOPE_INSTANCE}`,
    startFrom: e.KAFKA_START_FROM,
    topicRefreshMs: e.TOPIC_REFRESH_MS,
    pushIntervalMs: e.PUSH_INTERVAL_MS,
    clientBufferRecords: e.CLIENT_BUFFER_RECORDS,
    clientMaxRecordsPerSec: e.CLIENT_MAX_RECORDS_PER_SEC,
    recordsMaxReads: e.RECORDS_MAX_READS,
    maskingRules: e.MASKING_RULES,
    statsFlushMs: e.STATS_FLUSH_MS,
    dataDir: path.resolve(e.DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    logLevel: e.LOG_LEVEL,
    dev: e.NODE_ENV !== "production",
    dltPatterns: e.DLT_PATTERNS === undefined ? undefined : list(e.DLT_PATTERNS),
    dltTopics: list(e.DLT_TOPICS),
    throughputRetentionHours: e.THROUGHPUT_RETENTION_HOURS,
    operatorToken: e.OPERATOR_TOKEN ?? null,
    groupSampleMs: e.GROUP_SAMPLE_MS,
    traceIndex: { records: e.TRACE_INDEX_RECORDS, maxAgeMs: e.TRACE_INDEX_MINUTES * 60_000, maxBytes: e.TRACE_INDEX_MIB * 1024 * 1024 },
    discovery: { correlation: list(e.DISCOVERY_CORRELATION), eventType: list(e.DISCOVERY_EVENT_TYPE) },
    sagas: { dir: path.resolve(e.SAGAS_DIR), lookbackHours: e.SAGA_LOOKBACK_HOURS, maxLive: e.SAGA_MAX_LIVE, retainFinished: e.SAGA_RETAIN_FINISHED, replayBuffer: e.SAGA_REPLAY_BUFFER, reorderMs: e.SAGA_REORDER_MS },
  };
}

const list = (csv: string) => csv.split(",").map((s) => s.trim()).filter(Boolean);
