import os from "node:os";
import path from "node:path";
import { z } from "zod";
import { readFileSync } from "node:fs";
import { parseKafkaSecurity, type KafkaSecurity } from "./kafka/security";
import { Secret } from "./security/secret";
import { LogLevels } from "./log";
import { maskRulesSchema, type MaskRule } from "./security/masking";

/**
 * Every setting comes from the environment; the README's configuration table
 * lists the same names and defaults. Parsed once at the edge.
 */
/** Comma-separated globs over topic names: Kafka's topic characters plus `*`. */
const topicGlobs = z
  .string()
  .default("")
  .refine(
    (csv) =>
      csv
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean)
        .every((g) => /^[A-Za-z0-9._*-]+$/.test(g)),
    "comma-separated globs of topic names (letters, digits, '.', '_', '-' and '*')",
  );

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default("127.0.0.1"),
  KAFKA_BROKERS: z.string().default("localhost:9092"),
  KAFKA_CLIENT_ID: z.string().default("sagascope"),
  SAGASCOPE_INSTANCE: z.string().default(os.hostname()),
  KAFKA_GROUP_ID: z.string().optional(),
  KAFKA_START_FROM: z.enum(["latest", "earliest"]).default("latest"),
  TOPIC_REFRESH_MS: z.coerce.number().int().min(500).default(5000),
  OFFSET_SAMPLE_MS: z.coerce.number().int().min(200).max(60_000).default(2000),
  PUSH_INTERVAL_MS: z.coerce.number().int().min(10).max(1000).default(75),
  CLIENT_BUFFER_RECORDS: z.coerce.number().int().min(10).default(2000),
  CLIENT_MAX_RECORDS_PER_SEC: z.coerce.number().int().min(1).default(2000),
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
        ctx.addIssue({
          code: "custom",
          message: rules.error.issues.map((i) => `rule ${i.path.join(".")}: ${i.message}`).join("; "),
        });
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
  TOPICS_INCLUDE: topicGlobs,
  TOPICS_EXCLUDE: topicGlobs,
  INGEST_TOPICS: topicGlobs,
  TRACE_TOPICS: topicGlobs,
  TAIL_ALL_MAX_TOPICS: z.coerce.number().int().min(0).default(50),
  TAIL_LINGER_MS: z.coerce.number().int().min(0).default(30_000),
  THROUGHPUT_RETENTION_HOURS: z.coerce.number().positive().default(24),
  NODE_ENV: z.string().default("development"),
  OPERATOR_TOKEN: z.string().min(16, "must be at least 16 characters").optional(),
  SESSION_TTL_HOURS: z.coerce
    .number()
    .positive()
    .max(24 * 30)
    .default(12),
  COOKIE_SECURE: z.enum(["0", "1"]).default("0"),
  TRUST_PROXY: z.enum(["0", "1"]).default("0"),
  PUBLIC_ORIGINS: z.string().default(""),
  SAGASCOPE_ADMIN_USER: z.string().min(1).optional(),
  SAGASCOPE_ADMIN_PASSWORD: z.string().optional(),
  SAGASCOPE_ADMIN_PASSWORD_FILE: z.string().optional(),
  SAGAS_DIR: z.string().default("sagas"),
  SAGA_LOOKBACK_HOURS: z.coerce.number().min(0).default(24),
  SAGA_MAX_LIVE: z.coerce.number().int().min(100).default(100_000),
  SAGA_RETAIN_FINISHED: z.coerce.number().int().min(0).default(10_000),
  SAGA_REPLAY_BUFFER: z.coerce.number().int().min(1000).default(500_000),
  SAGA_REORDER_MS: z.coerce.number().int().min(0).default(1000),
  GROUP_SAMPLE_MS: z.coerce.number().int().min(200).default(5000),
  /** How often each topic's last records are sampled again for its profile (server/profiles/). */
  PROFILE_INTERVAL_MS: z.coerce
    .number()
    .int()
    .refine((n) => n === 0 || n >= 1000, "0 (no profiles) or at least 1000")
    .default(300_000),
  TRACE_INDEX_RECORDS: z.coerce.number().int().min(100).default(100_000),
  TRACE_INDEX_MINUTES: z.coerce.number().positive().default(60),
  TRACE_INDEX_MIB: z.coerce.number().positive().default(64),
  DISCOVERY_CORRELATION: z
    .string()
    .default("headers.saga-id,headers.correlation-id,headers.correlationId,headers.ce_subject"),
  /** Confluent-compatible Schema Registry; unset → framed records are shown as hex. */
  SCHEMA_REGISTRY_URL: z.string().url().optional(),
  SCHEMA_REGISTRY_USERNAME: z.string().optional(),
  SCHEMA_REGISTRY_PASSWORD: z.string().optional(),
  DISCOVERY_EVENT_TYPE: z
    .string()
    .default("headers.event-type,headers.ce_type,headers.eventType,value.type,value.eventType"),
});

export interface Config {
  port: number;
  host: string;
  brokers: string[];
  clientId: string;
  /** SASL and TLS towards Kafka (KAFKA_SASL_*, KAFKA_SSL*); its password and key print as [redacted]. */
  kafkaSecurity: KafkaSecurity;
  groupId: string;
  startFrom: "latest" | "earliest";
  topicRefreshMs: number;
  /** How often every partition's start and end offsets are sampled (server/offsets/). */
  offsetSampleMs: number;
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
  /** Globs of the topics ingest lists and reads (TOPICS_INCLUDE; empty → all) and of those it skips (TOPICS_EXCLUDE, wins). */
  topics: { include: string[]; exclude: string[] };
  /**
   * Which topics' records are read beyond the capabilities' own (saga and
   * dead-letter topics): INGEST_TOPICS (globs; read all the time, positions
   * kept in KAFKA_GROUP_ID), TRACE_TOPICS (globs; read from the start of the
   * process for the trace index and discovery), and the tabs' tails: a tab
   * asking for every topic gets them while at most TAIL_ALL_MAX_TOPICS
   * in-scope topics are not read anyway; a tail is still read TAIL_LINGER_MS
   * after its last tab left.
   */
  reading: { ingest: string[]; trace: string[]; tailAllMax: number; lingerMs: number };
  throughputRetentionHours: number;
  /** Bearer token for operator actions; unset → actions are open on loopback only. Never logged. */
  operatorToken: string | null;
  auth: {
    sessionTtlMs: number;
    /** Mark the session cookie Secure (the dashboard is served over HTTPS, directly or behind a proxy). */
    cookieSecure: boolean;
    /** Take the client's address from X-Forwarded-For (a reverse proxy in front); for login throttling. */
    trustProxy: boolean;
    /** Origins accepted on writes and socket handshakes besides the Host header's, e.g. https://sagascope.example.com behind a proxy. */
    publicOrigins: string[];
    /** An admin created at start when no user of that name exists (SAGASCOPE_ADMIN_USER + _PASSWORD or _PASSWORD_FILE). */
    bootstrapAdmin: { username: string; password: Secret } | null;
  };
  groupSampleMs: number;
  profileIntervalMs: number;
  traceIndex: { records: number; maxAgeMs: number; maxBytes: number };
  /** Paths read from records on topics no saga definition covers, to infer flows. */
  discovery: { correlation: string[]; eventType: string[] };
  /** Basic-auth credentials are never logged. */
  schemaRegistry: { url: string; username?: string; password?: string } | null;
  sagas: {
    dir: string;
    lookbackHours: number;
    maxLive: number;
    retainFinished: number;
    replayBuffer: number;
    reorderMs: number;
  };
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
  const security = parseKafkaSecurity(env);
  if (security.errors.length) throw new ConfigError(`Invalid configuration: ${security.errors.join("; ")}`);
  // Beyond loopback a login is mandatory; whether accounts exist is known once
  // the database is open (server/auth/startup.ts refuses to start without one).
  let adminPassword = e.SAGASCOPE_ADMIN_PASSWORD;
  if (e.SAGASCOPE_ADMIN_PASSWORD_FILE) {
    try {
      adminPassword = readFileSync(e.SAGASCOPE_ADMIN_PASSWORD_FILE, "utf8").replace(/\r?\n$/, "");
    } catch {
      throw new ConfigError("Invalid configuration: SAGASCOPE_ADMIN_PASSWORD_FILE cannot be read");
    }
  }
  if (e.SAGASCOPE_ADMIN_USER && !adminPassword)
    throw new ConfigError(
      "Invalid configuration: SAGASCOPE_ADMIN_USER is set without SAGASCOPE_ADMIN_PASSWORD or SAGASCOPE_ADMIN_PASSWORD_FILE",
    );
  return {
    port: e.PORT,
    host: e.HOST,
    brokers,
    clientId: e.KAFKA_CLIENT_ID,
    kafkaSecurity: security.security,
    // A group of our own, so Sagascope never joins (and rebalances) an application's group.
    groupId: e.KAFKA_GROUP_ID ?? `sagascope-${e.SAGASCOPE_INSTANCE}`,
    startFrom: e.KAFKA_START_FROM,
    topicRefreshMs: e.TOPIC_REFRESH_MS,
    offsetSampleMs: e.OFFSET_SAMPLE_MS,
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
    topics: { include: list(e.TOPICS_INCLUDE), exclude: list(e.TOPICS_EXCLUDE) },
    reading: {
      ingest: list(e.INGEST_TOPICS),
      trace: list(e.TRACE_TOPICS),
      tailAllMax: e.TAIL_ALL_MAX_TOPICS,
      lingerMs: e.TAIL_LINGER_MS,
    },
    throughputRetentionHours: e.THROUGHPUT_RETENTION_HOURS,
    operatorToken: e.OPERATOR_TOKEN ?? null,
    auth: {
      sessionTtlMs: e.SESSION_TTL_HOURS * 3600_000,
      cookieSecure: e.COOKIE_SECURE === "1",
      trustProxy: e.TRUST_PROXY === "1",
      publicOrigins: list(e.PUBLIC_ORIGINS).map((o) => {
        try {
          return new URL(o).origin;
        } catch {
          throw new ConfigError(`Invalid configuration: PUBLIC_ORIGINS: ${o} is not an origin like https://host:port`);
        }
      }),
      bootstrapAdmin:
        e.SAGASCOPE_ADMIN_USER && adminPassword
          ? { username: e.SAGASCOPE_ADMIN_USER, password: new Secret(adminPassword) }
          : null,
    },
    groupSampleMs: e.GROUP_SAMPLE_MS,
    profileIntervalMs: e.PROFILE_INTERVAL_MS,
    traceIndex: {
      records: e.TRACE_INDEX_RECORDS,
      maxAgeMs: e.TRACE_INDEX_MINUTES * 60_000,
      maxBytes: e.TRACE_INDEX_MIB * 1024 * 1024,
    },
    discovery: { correlation: list(e.DISCOVERY_CORRELATION), eventType: list(e.DISCOVERY_EVENT_TYPE) },
    schemaRegistry: e.SCHEMA_REGISTRY_URL
      ? {
          url: e.SCHEMA_REGISTRY_URL.replace(/\/+$/, ""),
          ...(e.SCHEMA_REGISTRY_USERNAME !== undefined
            ? { username: e.SCHEMA_REGISTRY_USERNAME, password: e.SCHEMA_REGISTRY_PASSWORD ?? "" }
            : {}),
        }
      : null,
    sagas: {
      dir: path.resolve(e.SAGAS_DIR),
      lookbackHours: e.SAGA_LOOKBACK_HOURS,
      maxLive: e.SAGA_MAX_LIVE,
      retainFinished: e.SAGA_RETAIN_FINISHED,
      replayBuffer: e.SAGA_REPLAY_BUFFER,
      reorderMs: e.SAGA_REORDER_MS,
    },
  };
}

const list = (csv: string) =>
  csv
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
